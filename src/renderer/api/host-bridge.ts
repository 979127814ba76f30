/**
 * What the renderer can get from its host: the `Api` (IPC in the desktop window, WebSocket in the
 * web page) and, in the desktop window only, file-system helpers of the preload.
 */
import type { Api } from '../../shared/api';
import { apiOverBridge, type ApiBridge } from '../../shared/api-bridge';
import { SemantikError, type ErrorCode } from '../../shared/errors';
import { createWebSocketApi, type ConnectionStatus } from './ws-client';

/** Desktop-only helpers exposed by the preload as `window.semantikHost`. */
export interface HostBridge {
  /** The absolute path of a dropped file or folder. */
  pathForFile(file: File): string;
  /** Opens the system's folder picker; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Opens the folder of the app's log files in the file manager. */
  showLogs(): Promise<void>;
}

declare global {
  interface Window {
    semantik?: ApiBridge;
    semantikHost?: HostBridge;
  }
}

/** The host as the app sees it. */
export interface Host {
  api: Api;
  /** Null in the web page, where the browser cannot name paths on the server's machine. */
  bridge: HostBridge | null;
  /** Subscribes to the connection state; the desktop window is always connected. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** Picks the preload's API bridge in Electron, else a WebSocket to the page's own server. */
export function pickHost(): Host {
  const preloaded = window.semantik;
  if (preloaded !== undefined) {
    // IPC has no connection to lose: report it open once, for the header.
    const onStatus = (listener: (status: ConnectionStatus) => void): (() => void) => {
      listener('open');
      return () => undefined;
    };
    return { api: withErrorCodes(apiOverBridge(preloaded)), bridge: window.semantikHost ?? null, onStatus };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const api = createWebSocketApi(`${scheme}//${window.location.host}/ws`, new URL('./', window.location.href).href);
  return { api, bridge: null, onStatus: (listener) => api.onStatus(listener) };
}

/**
 * Failed replies arrive with their code (apiOverBridge); a rejection of the transport itself (an
 * IPC failure crossing contextBridge as a bare Error) gets the SemantikError shape too, so the UI
 * shows one kind of message.
 */
function withErrorCodes(api: Api): Api {
  return {
    invoke: (call, input) =>
      api.invoke(call, input).catch((error: unknown) => {
        throw toSemantikError(error);
      }),
    on: (event, listener) => api.on(event, listener),
  };
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'BAD_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'TIMEOUT',
  'REDIS',
  'WORKER',
  'GPU',
  'MODEL',
  'STORE',
  'FORBIDDEN',
  'INTERNAL',
]);

/** Normalises anything thrown into a SemantikError. */
export function toSemantikError(error: unknown): SemantikError {
  if (error instanceof SemantikError) return error;
  const record = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const code = typeof record.code === 'string' && CODES.has(record.code) ? (record.code as ErrorCode) : 'INTERNAL';
  const message = typeof record.message === 'string' ? record.message : String(error);
  return new SemantikError(code, message);
}
