// Fetches the optional platform binaries whose own install scripts are denied in package.json
// (`allowScripts`): Electron's binary and onnxruntime-node's CUDA provider.
//
// Why: those scripts download from hosts that an offline machine cannot reach, and a failed
// download would fail the whole `npm ci`. Here each download is tried with a time limit and a
// failure is reported, not fatal: offline, the app runs headless on the CPU; online, the user gets
// the Electron window and the CUDA provider exactly as the packages' own scripts would give them.
// Set SEMANTIK_SKIP_DOWNLOADS=1 to skip the attempts entirely (CI does, to save time).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildElectronSqlite } from './electron-native.mjs';

const require = createRequire(import.meta.url);
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

/** Runs one package's install script, tolerating failure; returns a one-line outcome. */
function tryInstall(pkg, script, env, expectFile) {
  let dir;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return `${pkg}: not installed, nothing to fetch`;
  }
  const file = join(dir, script);
  if (!existsSync(file)) return `${pkg}: no install script at ${script}`;
  const result = spawnSync(process.execPath, [file], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: DOWNLOAD_TIMEOUT_MS,
    encoding: 'utf8',
  });
  // A script can exit 0 without fetching anything (onnxruntime-node's does offline): trust files.
  if (result.status === 0 && (!expectFile || existsSync(join(dir, expectFile)))) return `${pkg}: fetched`;
  const lines = `${result.error?.message ?? ''}\n${result.stderr ?? ''}`.split('\n').map((line) => line.trim());
  const reason =
    lines.find((line) => /error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i.test(line)) ??
    (result.status === 0 ? 'the install script left no files (offline?)' : lines.filter(Boolean).pop());
  return `${pkg}: not fetched (${reason || `exit ${result.status}`}); continuing without it`;
}

if (process.env.SEMANTIK_SKIP_DOWNLOADS === '1') {
  console.log('[semantik postinstall] SEMANTIK_SKIP_DOWNLOADS=1: skipping Electron and CUDA downloads');
} else {
  console.log(`[semantik postinstall] ${tryInstall('electron', 'install.js', {}, 'path.txt')}`);
  // onnxruntime-node fetches the CUDA provider only on Linux x64; elsewhere its script is a no-op.
  if (process.platform === 'linux' && process.arch === 'x64') {
    console.log(
      `[semantik postinstall] ${tryInstall(
        'onnxruntime-node',
        'script/install.js',
        {
          ONNXRUNTIME_NODE_INSTALL: 'cuda12',
        },
        'bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so',
      )}`,
    );
  }
}
// Under Electron the store needs better-sqlite3 built for Electron's ABI, beside Node's build.
console.log(`[semantik postinstall] ${buildElectronSqlite()}`);
