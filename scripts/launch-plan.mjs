// What `npm start` runs (scripts/start.mjs): the Electron window, or the headless web monitor where
// the window cannot open. Pure decisions first (unit-tested: test/unit/launch-plan.test.ts), then
// the reads of this machine they take as inputs.
//
// Why a sandbox check: on Ubuntu 23.10 and later, AppArmor forbids unprivileged user namespaces
// (kernel.apparmor_restrict_unprivileged_userns=1), so Chromium's namespace sandbox cannot start,
// and its fallback, the setuid helper chrome-sandbox, works only when owned by root with mode 4755,
// which npm never makes it. Electron then aborts at launch, while `electron --version` (which starts
// no sandbox) still succeeds. `--no-sandbox` would run the app with its pages unconfined, so it is
// never added here: the user is told what to do instead (README, "Ubuntu 24.04 and the sandbox").
import { readFileSync, statSync } from 'node:fs';

/**
 * @typedef {object} SandboxState
 * @property {boolean} userNamespacesRestricted AppArmor forbids unprivileged user namespaces.
 * @property {boolean} chromeSandboxReady chrome-sandbox is owned by root with mode 4755.
 */

/**
 * @typedef {object} LaunchInputs
 * @property {NodeJS.Platform} platform
 * @property {boolean} hasDisplay a display to open a window on (always, off Linux)
 * @property {boolean} headlessAsked SEMANTIK_HEADLESS=1
 * @property {boolean} electronRuns `electron --version` succeeded
 * @property {SandboxState | null} sandbox null where not checked (off Linux)
 * @property {string | null} [probeStderr] what a probe launch of Electron printed, when one ran
 */

/**
 * @typedef {object} LaunchPlan
 * @property {'electron' | 'headless'} run
 * @property {string} reason why, in words for the person starting the app
 */

/** Said when the sandbox would abort Electron; names the README section with the fixes. */
export const SANDBOX_REASON =
  "Electron's sandbox cannot start here (AppArmor restricts unprivileged user namespaces and chrome-sandbox is not set up)";

/** What Chromium prints when it aborts for want of a sandbox (the setuid helper's, then the zygote's). */
const SANDBOX_ABORT_LINES = [
  'The SUID sandbox helper binary was found, but is not configured correctly',
  'FATAL:setuid_sandbox_host',
  'No usable sandbox!',
];

/**
 * True when a launch's stderr shows Chromium's sandbox abort.
 *
 * @param {string} stderr
 * @returns {boolean}
 */
export function sandboxAbortIn(stderr) {
  return SANDBOX_ABORT_LINES.some((line) => stderr.includes(line));
}

/**
 * True when Electron's sandbox cannot start: no user namespaces and no setuid helper either.
 *
 * @param {SandboxState | null} sandbox
 * @returns {boolean}
 */
export function sandboxBlocked(sandbox) {
  return sandbox !== null && sandbox.userNamespacesRestricted && !sandbox.chromeSandboxReady;
}

/**
 * Electron or the headless monitor. A probe's output, when there is one, overrides the sandbox
 * check: an AppArmor profile for Electron can allow the namespaces that the sysctl forbids others.
 *
 * @param {LaunchInputs} inputs
 * @returns {LaunchPlan}
 */
export function planLaunch(inputs) {
  if (inputs.headlessAsked) return { run: 'headless', reason: 'SEMANTIK_HEADLESS=1' };
  if (!inputs.hasDisplay) return { run: 'headless', reason: 'no display' };
  if (!inputs.electronRuns) return { run: 'headless', reason: 'Electron binary not available' };
  const probed = inputs.probeStderr ?? null;
  if (probed !== null) {
    return sandboxAbortIn(probed)
      ? { run: 'headless', reason: SANDBOX_REASON }
      : { run: 'electron', reason: 'a probe launch of Electron started' };
  }
  if (inputs.platform === 'linux' && sandboxBlocked(inputs.sandbox)) return { run: 'headless', reason: SANDBOX_REASON };
  return { run: 'electron', reason: 'Electron can run here' };
}

/**
 * The line printed when `npm start` falls back to the headless monitor.
 *
 * @param {LaunchPlan} plan
 * @returns {string}
 */
export function fallbackMessage(plan) {
  const readme = plan.reason === SANDBOX_REASON ? '; see the README ("Ubuntu 24.04 and the sandbox")' : '';
  return `[semantik] ${plan.reason}: starting the headless monitor instead of the window${readme}`;
}

/**
 * Whether chrome-sandbox can serve as the setuid helper: owned by root, mode 4755 (setuid, rwxr-xr-x).
 *
 * @param {{ uid: number, mode: number } | null} stat null when the file is missing
 * @returns {boolean}
 */
export function chromeSandboxReady(stat) {
  return stat !== null && stat.uid === 0 && (stat.mode & 0o7777) === 0o4755;
}

/** Where the kernel says whether AppArmor restricts unprivileged user namespaces (absent: it does not). */
export const USERNS_RESTRICTION_FILE = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';

/**
 * Reads this machine's sandbox state (Linux).
 *
 * @param {{ chromeSandbox: string, restrictionFile?: string }} paths chrome-sandbox beside Electron's binary
 * @returns {SandboxState}
 */
export function readSandboxState({ chromeSandbox, restrictionFile = USERNS_RESTRICTION_FILE }) {
  let restricted = false;
  try {
    restricted = readFileSync(restrictionFile, 'utf8').trim() === '1';
  } catch {
    // No such setting (older kernels, no AppArmor): namespaces are not restricted by it.
  }
  let stat = null;
  try {
    stat = statSync(chromeSandbox);
  } catch {
    // Missing: it cannot serve as the helper.
  }
  return { userNamespacesRestricted: restricted, chromeSandboxReady: chromeSandboxReady(stat) };
}
