/**
 * The control channel of a running instance: the CLI (`semantik status`, `semantik workers scale
 * N`, ...) sends a signed request; the engine runs it and sends back a signed reply.
 *
 * Two ways carry the same messages. A local socket in the data folder (`control.sock`, mode 0600;
 * a named pipe on Windows) is the fast one: a command reaches it with Node's own modules, no Redis
 * client, no store, no schema library. Redis pub/sub is the other, for a data folder whose socket
 * path is too long for the OS: there Redis is shared with remote workers, so its password is not
 * proof of being the owner.
 *
 * On both, every request and reply carries an HMAC made with a key kept in the data folder (mode
 * 0600), which only this machine's user has. Requests also carry their time, and an id is accepted
 * once, so a request seen on the wire cannot be replayed. This module holds no schema library: the
 * engine checks requests with the schemas in control-schemas.ts.
 */
import { join, posix, win32 } from 'node:path';
import { SemantikError, type ErrorCode } from '../shared/errors';
import { macOf as mac, sameMac } from './hmac';
import { QUEUE_PREFIX } from './queues';

/** Requests go here; the running engine subscribes. */
export const CONTROL_CHANNEL = `${QUEUE_PREFIX}:control`;
/** Replies go here, matched to requests by id. */
export const CONTROL_REPLY_CHANNEL = `${QUEUE_PREFIX}:control:reply`;
/** How long a command waits for the running instance to answer. */
export const CONTROL_TIMEOUT_MS = 15_000;
/** A request older (or further in the future) than this is refused: clocks of one machine. */
export const CONTROL_MAX_AGE_MS = 60_000;

/** The control key's file in the data folder: created by the engine, read by the CLI. */
export function controlKeyPath(dataDir: string): string {
  return join(dataDir, 'control.key');
}

/**
 * Calls the control channel accepts: the pool's, the queue counts, the instance's status and GPUs
 * (what `semantik status` and `semantik gpus` print, so that they need no Redis client or store of
 * their own), and a search of the index (the running instance has its query model loaded; a
 * command that loads its own takes a second). Even with the key, the channel cannot add folders or
 * open files on this machine.
 *
 * Over Redis, a search's input (the query) and the values that hold paths or passages travel
 * sealed with the payload key (SEALED_CALLS): Redis sees none of them in clear. The local socket
 * is the user's own, and carries them as they are.
 */
export const CONTROL_CALLS = [
  'workers:scale',
  'workers:autoscale',
  'workers:list',
  'queues:list',
  'status:read',
  'gpus:status',
  'search:query',
  'search:files',
] as const;
export const SEALED_CALLS: ReadonlySet<ControlCall> = new Set(['search:query', 'search:files', 'status:read']);
export type ControlCall = (typeof CONTROL_CALLS)[number];

/**
 * The longest socket path used. The OS limit (sun_path) is 108 bytes on Linux and 104 on macOS,
 * the terminating zero included; the lower one serves both.
 */
const MAX_SOCKET_PATH_BYTES = 103;

/**
 * Where the running engine listens for local control requests: `control.sock` in the data folder;
 * on Windows a named pipe whose name comes from the data folder and its control key, so that
 * another user cannot work it out before the engine makes it. Null when the path is too long for a
 * socket; commands then go through Redis.
 */
export function controlSocketPath(dataDir: string, key: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform === 'win32') {
    const folder = win32
      .resolve(dataDir)
      .replace(/[\\/]+$/, '')
      .toLowerCase();
    return `\\\\.\\pipe\\semantik-control-${mac(key, ['control pipe', folder]).slice(0, 32)}`;
  }
  const path = posix.join(dataDir, 'control.sock');
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES ? path : null;
}

/** A request as it travels: signed with the data folder's control key (see signRequest). */
export interface ControlRequest {
  id: string;
  call: ControlCall;
  input: unknown;
  /** When the request was made (ms since the epoch). */
  at: number;
  mac: string;
}

/** A reply as it travels, signed with the same key (see signReply). */
export interface ControlReply {
  id: string;
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
  mac: string;
}

/** A signed request. */
export function signRequest(key: string, request: Omit<ControlRequest, 'mac'>): ControlRequest {
  return { ...request, mac: mac(key, ['request', request.id, request.call, String(request.at), JSON.stringify(request.input ?? null)]) };
}

/** Whether `request` was signed with `key`. */
export function requestSigned(key: string, request: ControlRequest): boolean {
  const { mac: given, ...rest } = request;
  return sameMac(given, signRequest(key, rest).mac);
}

/** A signed reply. */
export function signReply(key: string, reply: Omit<ControlReply, 'mac'>): ControlReply {
  const body = JSON.stringify(reply.ok ? (reply.value ?? null) : (reply.error ?? null));
  return { ...reply, mac: mac(key, ['reply', reply.id, String(reply.ok), body]) };
}

/** Whether `reply` was signed with `key`. */
export function replySigned(key: string, reply: ControlReply): boolean {
  const { mac: given, ...rest } = reply;
  return sameMac(given, signReply(key, rest).mac);
}

/** A reply's fields checked by hand (this module holds no schema library); null when it is not a reply. */
export function parseReply(raw: unknown): ControlReply | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const reply = raw as Record<string, unknown>;
  if (typeof reply.id !== 'string' || typeof reply.ok !== 'boolean' || typeof reply.mac !== 'string' || !/^[0-9a-f]{64}$/.test(reply.mac))
    return null;
  const error = reply.error as Record<string, unknown> | undefined;
  if (
    error !== undefined &&
    (typeof error !== 'object' || error === null || typeof error.code !== 'string' || typeof error.message !== 'string')
  )
    return null;
  return reply as unknown as ControlReply;
}

/** A signed reply's outcome: its value, or its error thrown as the instance's SemantikError. */
export function replyValue(reply: ControlReply, call: ControlCall): unknown {
  if (reply.ok) return reply.value;
  throw new SemantikError((reply.error?.code ?? 'INTERNAL') as ErrorCode, reply.error?.message ?? `${call} failed`);
}
