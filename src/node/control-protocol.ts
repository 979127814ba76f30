/**
 * The control channel of a running instance: the CLI (`semantik workers scale N`) publishes a
 * request on Redis pub/sub; the engine runs it and publishes the reply.
 *
 * Redis is shared with remote workers, so its password is not proof of being the owner: every
 * request and reply carries an HMAC made with a key kept in the data folder (mode 0600), which
 * only this machine's user has. Requests also carry their time, and an id is accepted once, so a
 * request seen on the wire cannot be replayed.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { macOf as mac, sameMac } from './hmac';
import { QUEUE_PREFIX } from './queues';

/** Requests go here; the running engine subscribes. */
export const CONTROL_CHANNEL = `${QUEUE_PREFIX}:control`;
/** Replies go here, matched to requests by id. */
export const CONTROL_REPLY_CHANNEL = `${QUEUE_PREFIX}:control:reply`;
/** A request older (or further in the future) than this is refused: clocks of one machine. */
export const CONTROL_MAX_AGE_MS = 60_000;

/** The control key's file in the data folder: created by the engine, read by the CLI. */
export function controlKeyPath(dataDir: string): string {
  return join(dataDir, 'control.key');
}

/**
 * Calls the control channel accepts: the pool's, the queue counts (`semantik status` then needs
 * no queue library of its own), and a search of the index (the running instance has its query
 * model loaded; a command that loads its own takes a second). Even with the key, the
 * channel cannot add folders or open files on this machine.
 *
 * A search's input (the query) and value (paths and passages) travel sealed with the payload key
 * (SEALED_CALLS): Redis sees neither in clear.
 */
export const CONTROL_CALLS = ['workers:scale', 'workers:autoscale', 'workers:list', 'queues:list', 'search:query', 'search:files'] as const;
export const SEALED_CALLS: ReadonlySet<ControlCall> = new Set(['search:query', 'search:files']);
export type ControlCall = (typeof CONTROL_CALLS)[number];

const MAC = z.string().regex(/^[0-9a-f]{64}$/);

export const controlRequestSchema = z
  .object({
    id: z.string().min(1).max(64),
    call: z.enum(CONTROL_CALLS),
    input: z.unknown(),
    /** When the request was made (ms since the epoch). */
    at: z.number().int(),
    mac: MAC,
  })
  .strict();
export type ControlRequest = z.infer<typeof controlRequestSchema>;

export const controlReplySchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  value: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  mac: MAC,
});
export type ControlReply = z.infer<typeof controlReplySchema>;

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
