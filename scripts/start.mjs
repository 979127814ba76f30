// `npm start`: the desktop app where Electron can run, else the headless web monitor
// (`semantik serve` on 127.0.0.1:5555). Extra arguments go to the command, e.g.
// `npm start -- --port 5600`.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fallbackMessage, planLaunch, readSandboxState, SANDBOX_REASON } from './launch-plan.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
// electron-vite exports no path to its CLI: find it beside the package's entry.
const electronVite = join(dirname(require.resolve('electron-vite')), '..', 'bin', 'electron-vite.js');

function electronWorks() {
  try {
    const cli = require.resolve('electron/cli.js');
    return spawnSync(process.execPath, [cli, '--version'], { timeout: 20_000, stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

/** Electron's output when launched to quit at once (scripts/electron-probe.mjs); null if it could not be run. */
function probeElectron() {
  try {
    const cli = require.resolve('electron/cli.js');
    const probe = fileURLToPath(new URL('./electron-probe.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [cli, probe], { timeout: 20_000, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    return run.error ? null : (run.stderr ?? '');
  } catch {
    return null;
  }
}

const headlessAsked = process.env.SEMANTIK_HEADLESS === '1';
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const electronRuns = !headlessAsked && hasDisplay && electronWorks();
const sandbox =
  electronRuns && process.platform === 'linux'
    ? readSandboxState({ chromeSandbox: join(dirname(require.resolve('electron/package.json')), 'dist', 'chrome-sandbox') })
    : null;
const inputs = { platform: process.platform, hasDisplay, headlessAsked, electronRuns, sandbox };
let plan = planLaunch(inputs);
// The settings say the sandbox cannot start: a launch that quits at once says whether it really aborts.
if (plan.reason === SANDBOX_REASON) {
  const probeStderr = probeElectron();
  if (probeStderr !== null) plan = planLaunch({ ...inputs, probeStderr });
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Builds the app, its output shown only when the build fails (forty lines that say nothing otherwise). */
function buildQuietly() {
  if (process.env.SEMANTIK_SKIP_BUILD === '1') return;
  console.error('[semantik] building the app…');
  const build = spawnSync(process.execPath, [electronVite, 'build'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    console.error(`[semantik] the build failed (exit ${build.status ?? build.signal}); its output is above`);
    process.exit(build.status ?? 1);
  }
}

// Routine start-up lines are for the log, not for someone starting the app: warnings and errors
// show; `serve` prints what the engine runs with, the monitor's address and where the credentials are.
process.env.SEMANTIK_LOG_LEVEL ??= 'warn';

if (plan.run === 'electron') {
  buildQuietly();
  run(process.execPath, [electronVite, 'preview', '--skipBuild', '--logLevel', 'warn', ...args]);
} else {
  console.error(fallbackMessage(plan));
  buildQuietly();
  run(process.execPath, ['bin/semantik.js', 'serve', ...args]);
}
