// `npm start`'s choice between the Electron window and the headless monitor (scripts/launch-plan.mjs).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chromeSandboxReady,
  fallbackMessage,
  planLaunch,
  readSandboxState,
  SANDBOX_REASON,
  sandboxAbortIn,
} from '../../scripts/launch-plan.mjs';

const ubuntu2404 = { userNamespacesRestricted: true, chromeSandboxReady: false };
const desktop = { platform: 'linux' as const, hasDisplay: true, headlessAsked: false, electronRuns: true, sandbox: null };

describe('planLaunch', () => {
  it('runs Electron where it can', () => {
    expect(planLaunch(desktop).run).toBe('electron');
    expect(planLaunch({ ...desktop, sandbox: { userNamespacesRestricted: false, chromeSandboxReady: false } }).run).toBe('electron');
    expect(planLaunch({ ...desktop, platform: 'darwin' }).run).toBe('electron');
  });

  it('falls back when asked, with no display, or with no Electron binary, saying which', () => {
    expect(planLaunch({ ...desktop, headlessAsked: true })).toEqual({ run: 'headless', reason: 'SEMANTIK_HEADLESS=1' });
    expect(planLaunch({ ...desktop, hasDisplay: false })).toEqual({ run: 'headless', reason: 'no display' });
    expect(planLaunch({ ...desktop, electronRuns: false })).toEqual({ run: 'headless', reason: 'Electron binary not available' });
  });

  it('falls back where AppArmor restricts user namespaces and chrome-sandbox is not set up (Ubuntu 23.10+)', () => {
    expect(planLaunch({ ...desktop, sandbox: ubuntu2404 })).toEqual({ run: 'headless', reason: SANDBOX_REASON });
  });

  it('runs Electron there once chrome-sandbox is root-owned and setuid, or the restriction is off', () => {
    expect(planLaunch({ ...desktop, sandbox: { ...ubuntu2404, chromeSandboxReady: true } }).run).toBe('electron');
    expect(planLaunch({ ...desktop, sandbox: { ...ubuntu2404, userNamespacesRestricted: false } }).run).toBe('electron');
  });

  it("follows a probe launch's output over the settings", () => {
    const aborted =
      '[12345:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. ' +
      "Rather than run without sandboxing I'm aborting now.";
    expect(planLaunch({ ...desktop, sandbox: ubuntu2404, probeStderr: aborted })).toEqual({ run: 'headless', reason: SANDBOX_REASON });
    // An AppArmor profile for Electron lets it start although the settings say it could not.
    expect(planLaunch({ ...desktop, sandbox: ubuntu2404, probeStderr: '' }).run).toBe('electron');
    // The sandbox aborts where the settings did not foresee it.
    expect(planLaunch({ ...desktop, probeStderr: '[1:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! ...' }).run).toBe('headless');
  });

  it('never falls back for the sandbox when asked for headless or without a display first', () => {
    expect(planLaunch({ ...desktop, hasDisplay: false, sandbox: ubuntu2404 }).reason).toBe('no display');
  });
});

describe('sandboxAbortIn', () => {
  it("recognises Chromium's sandbox aborts and nothing else", () => {
    expect(sandboxAbortIn('The SUID sandbox helper binary was found, but is not configured correctly')).toBe(true);
    expect(sandboxAbortIn('[9:FATAL:setuid_sandbox_host.cc(163)] ...')).toBe(true);
    expect(sandboxAbortIn('[9:ERROR:gpu_init.cc] GPU process failed')).toBe(false);
  });
});

describe('fallbackMessage', () => {
  it('explains the sandbox fallback in one line and points to the README section', () => {
    const line = fallbackMessage({ run: 'headless', reason: SANDBOX_REASON });
    expect(line).toBe(
      "[semantik] Electron's sandbox cannot start here (AppArmor restricts unprivileged user namespaces and chrome-sandbox is not set up): " +
        'starting the headless monitor instead of the window; see the README ("Ubuntu 24.04 and the sandbox")',
    );
    expect(line).not.toContain('\n');
    expect(fallbackMessage({ run: 'headless', reason: 'no display' })).toBe(
      '[semantik] no display: starting the headless monitor instead of the window',
    );
  });
});

describe("reading the machine's sandbox state", () => {
  const dir = mkdtempSync(join(tmpdir(), 'semantik-launch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wants chrome-sandbox owned by root with mode 4755', () => {
    expect(chromeSandboxReady({ uid: 0, mode: 0o104755 })).toBe(true);
    expect(chromeSandboxReady({ uid: 0, mode: 0o100755 })).toBe(false);
    expect(chromeSandboxReady({ uid: 1000, mode: 0o104755 })).toBe(false);
    expect(chromeSandboxReady(null)).toBe(false);
  });

  it('reads the AppArmor setting (absent: not restricted) and the helper file', () => {
    const restriction = join(dir, 'apparmor_restrict_unprivileged_userns');
    writeFileSync(restriction, '1\n');
    const helper = join(dir, 'chrome-sandbox');
    writeFileSync(helper, '');
    chmodSync(helper, 0o755);
    expect(readSandboxState({ chromeSandbox: helper, restrictionFile: restriction })).toEqual(ubuntu2404);
    writeFileSync(restriction, '0\n');
    expect(readSandboxState({ chromeSandbox: helper, restrictionFile: restriction }).userNamespacesRestricted).toBe(false);
    expect(readSandboxState({ chromeSandbox: join(dir, 'missing'), restrictionFile: join(dir, 'none') })).toEqual({
      userNamespacesRestricted: false,
      chromeSandboxReady: false,
    });
  });
});
