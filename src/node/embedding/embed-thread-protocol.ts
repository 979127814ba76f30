/**
 * Messages between a worker process and its embedding thread (see threaded-embedder.ts).
 *
 * Both sides are this app's own code in one process, so the messages are typed, not validated.
 */
import type { ModelSpec } from '../models/model-spec';

/** Layout of a call's shared control block: [0] abort flag (0 or 1), [1] usable-until (ms). */
export const CONTROL_ABORT = 0;
export const CONTROL_UNTIL = 1;
/** Slots of the control block (BigInt64Array). */
export const CONTROL_SLOTS = 2;
/** "No deadline", as stored in the control block. */
export const NO_DEADLINE = 2n ** 62n;

/** Process → thread. */
export type ToThread = { type: 'embed'; id: number; texts: readonly string[]; control: SharedArrayBuffer } | { type: 'dispose' };

/** Why a call failed in the thread: how the caller should surface it. */
export type ThreadFailureKind = 'aborted' | 'fenced' | 'error';

/** Thread → process. */
export type FromThread =
  | { type: 'ready'; info: ModelSpec; device: string; fallbackReason?: string }
  | { type: 'failed-to-load'; message: string }
  | { type: 'result'; id: number; vectors: Float32Array }
  | { type: 'error'; id: number; kind: ThreadFailureKind; message: string; name: string }
  | { type: 'disposed' };
