/**
 * The command line's exit codes: the same number means the same outcome in every command, so a
 * script can branch on them (the README lists them).
 */
export const EXIT = {
  /** Done: every file indexed, unchanged or skipped as unsupported (or, for other commands, success). */
  DONE: 0,
  /** Done, but some files failed (their reasons are listed), or the command failed unexpectedly. */
  FAILED: 1,
  /** Bad usage: an unknown option, a missing argument, a folder that does not exist. */
  USAGE: 2,
  /** No instance runs on the data folder, and the command needs one. */
  NO_INSTANCE: 3,
  /** The instance the command was attached to died and did not come back in time. */
  INSTANCE_LOST: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
