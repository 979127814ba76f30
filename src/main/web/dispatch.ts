/**
 * Runs one API call from an untrusted client: validates the call name and its input, applies the
 * read-only rule, calls the engine's handler and returns the reply as data (errors never throw).
 *
 * Shared by the web monitor's WebSocket and the Electron shell's IPC bridge.
 */
import {
  apiInputs,
  isApiCall,
  WRITE_CALLS,
  type ApiCall,
  type ApiEvent,
  type ApiHandlers,
  type ApiOutputs,
  type ApiParsedInput,
  type ApiReply,
} from '../../shared/api';
import { SemantikError, serializeError } from '../../shared/errors';
import type { AppInfo } from '../../shared/monitor-types';
import { settingSpec } from '../../shared/settings-catalogue';
import { parseInput } from '../../shared/validate';
import { webFolder } from '../engine/folder-policy';
import { childLogger } from '../../node/logger';

const log = childLogger('api-dispatch');

/** Every pushed event, for transports that forward them all; fails to compile when one is missing. */
export const API_EVENTS = ['monitor:update', 'folder:finished', 'models:changed'] as const satisfies readonly ApiEvent[];
type Missing = Exclude<ApiEvent, (typeof API_EVENTS)[number]>;
const everyEventListed: [Missing] extends [never] ? true : Missing = true;
void everyEventListed;

/** How the transport presents the engine: which mode the UI runs in, and whether writes are refused. */
export interface DispatchOptions {
  mode: AppInfo['mode'];
  readOnly: boolean;
  /** Keep stack traces in replies (the desktop window); the web page gets none. */
  includeStack: boolean;
  /**
   * The folders (and their subfolders) that `index:addFolder` may add in mode `web`
   * (SEMANTIK_WEB_ROOTS); the desktop window adds any.
   * @defaultValue none: the web monitor adds no folder
   */
  webRoots?: readonly string[];
}

/** Validates and runs one call; any failure becomes `{ ok: false, error }`. */
export async function dispatchCall(handlers: ApiHandlers, call: unknown, input: unknown, options: DispatchOptions): Promise<ApiReply> {
  try {
    if (typeof call !== 'string' || !isApiCall(call)) {
      throw new SemantikError('BAD_INPUT', `Unknown call: ${JSON.stringify(call)?.slice(0, 80) ?? String(call)}`);
    }
    if (options.readOnly && WRITE_CALLS.has(call)) {
      throw new SemantikError('FORBIDDEN', `${call} is not allowed: this monitor is read-only`);
    }
    const value = await runCall(handlers, call, input, options);
    return { ok: true, value };
  } catch (error) {
    const serialized = serializeError(error);
    if (serialized.code === 'INTERNAL') log.error({ err: error, call }, 'API call failed');
    if (!options.includeStack) delete serialized.stack;
    return { ok: false, error: serialized };
  }
}

async function runCall<C extends ApiCall>(
  handlers: ApiHandlers,
  call: C,
  input: unknown,
  options: DispatchOptions,
): Promise<ApiOutputs[C]> {
  // An omitted input means "no arguments"; every schema then applies its defaults.
  // parseInput's result type is lost through the generic index; the schema is the one for `call`.
  const parsed = parseInput(apiInputs[call], input ?? {}, `input of ${call}`) as ApiParsedInput<C>;
  if (options.mode === 'web' && call === 'settings:set') refuseDesktopOnly(parsed as ApiParsedInput<'settings:set'>);
  if (options.mode === 'web' && call === 'index:addFolder') {
    // The handler gets the checked real path, so a link swapped in after the check changes nothing.
    const folder = parsed as ApiParsedInput<'index:addFolder'>;
    folder.path = await webFolder(folder.path, options.webRoots ?? []);
  }
  const handler: ApiHandlers[C] = handlers[call];
  const value = await handler(parsed);
  return call === 'app:info' ? (presentInfo(value as AppInfo, options) as ApiOutputs[C]) : value;
}

/**
 * Desktop-only settings change only in the desktop window (or settings.json): from the web page, a
 * monitor password would be enough to run any program here (the open commands), to widen what the
 * app reads (hidden files) or to choose where models come from (the hub).
 */
function refuseDesktopOnly({ name }: ApiParsedInput<'settings:set'>): void {
  if (settingSpec(name)?.desktopOnly === true) {
    throw new SemantikError('FORBIDDEN', `${name} can be changed in the desktop app or in settings.json, not from the web monitor`);
  }
}

/** The engine does not know which transport serves it; the transport fills that in. */
function presentInfo(info: AppInfo, options: DispatchOptions): AppInfo {
  return { ...info, mode: options.mode, readOnly: info.readOnly || options.readOnly };
}
