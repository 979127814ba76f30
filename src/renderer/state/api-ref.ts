/**
 * The API the slices' actions call, set once at start-up by `main.tsx`.
 */
import type { Api } from '../../shared/api';
import { SemantikError } from '../../shared/errors';
import type { HostBridge } from '../api/host-bridge';

let current: Api | null = null;
let bridge: HostBridge | null = null;

/** Installs the desktop helpers (null in the web page). */
export function setHostBridge(value: HostBridge | null): void {
  bridge = value;
}

/** The desktop helpers, or null in the web page. */
export function hostBridge(): HostBridge | null {
  return bridge;
}

/** Installs the API (the preload's or the WebSocket client). */
export function setApi(api: Api): void {
  current = api;
}

/** The installed API; actions run only after start-up has installed it. */
export function api(): Api {
  if (current === null) throw new SemantikError('INTERNAL', 'The API is used before start-up installed it');
  return current;
}

/** A failure as one line for people: the code is shown only where it adds something. */
export function describeError(error: unknown): string {
  if (error instanceof SemantikError) {
    // The API's name of the call (`input of models:download`) means nothing to a person.
    const message = error.message.replace(/^Invalid input of [a-z]+:[A-Za-z]+: /, 'Invalid input: ');
    return error.code === 'INTERNAL' || error.code === 'BAD_INPUT' || error.code === 'NOT_FOUND' ? message : `${message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
