// Types of scripts/launch-plan.mjs (plain JS, run by Node before anything is built), for its unit
// test; kept in step with the JSDoc types there.

export interface SandboxState {
  userNamespacesRestricted: boolean;
  chromeSandboxReady: boolean;
}

export interface LaunchInputs {
  platform: NodeJS.Platform;
  hasDisplay: boolean;
  headlessAsked: boolean;
  electronRuns: boolean;
  sandbox: SandboxState | null;
  probeStderr?: string | null;
}

export interface LaunchPlan {
  run: 'electron' | 'headless';
  reason: string;
}

export const SANDBOX_REASON: string;
export const USERNS_RESTRICTION_FILE: string;
export function sandboxAbortIn(stderr: string): boolean;
export function sandboxBlocked(sandbox: SandboxState | null): boolean;
export function planLaunch(inputs: LaunchInputs): LaunchPlan;
export function fallbackMessage(plan: LaunchPlan): string;
export function chromeSandboxReady(stat: { uid: number; mode: number } | null): boolean;
export function readSandboxState(paths: { chromeSandbox: string; restrictionFile?: string }): SandboxState;
