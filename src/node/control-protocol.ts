/**
 * The control channel of a running instance: the CLI (`semantik workers scale N`) publishes a
 * request on Redis pub/sub; the engine runs it and publishes the reply. Both sides validate
 * what they receive: anyone with the Redis password can publish.
 */
import { z } from 'zod';
import { QUEUE_PREFIX } from './queues';

/** Requests go here; the running engine subscribes. */
export const CONTROL_CHANNEL = `${QUEUE_PREFIX}:control`;
/** Replies go here, matched to requests by id. */
export const CONTROL_REPLY_CHANNEL = `${QUEUE_PREFIX}:control:reply`;

/**
 * Calls the control channel accepts: the pool's, no more. Redis is shared with remote workers,
 * whose password should not let them add folders or open files on this machine.
 */
export const CONTROL_CALLS = ['workers:scale', 'workers:autoscale', 'workers:list'] as const;
export type ControlCall = (typeof CONTROL_CALLS)[number];

export const controlRequestSchema = z
  .object({
    id: z.string().min(1).max(64),
    call: z.enum(CONTROL_CALLS),
    input: z.unknown(),
  })
  .strict();
export type ControlRequest = z.infer<typeof controlRequestSchema>;

export const controlReplySchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  value: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ControlReply = z.infer<typeof controlReplySchema>;
