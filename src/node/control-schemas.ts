/**
 * The control channel's messages checked as they arrive (see control-protocol.ts): requests by the
 * engine, replies by the CLI's Redis client.
 */
import { z } from 'zod';
import { CONTROL_CALLS, type ControlReply, type ControlRequest } from './control-protocol';

const MAC = z.string().regex(/^[0-9a-f]{64}$/);

export const controlRequestSchema: z.ZodType<ControlRequest> = z
  .object({
    id: z.string().min(1).max(64),
    call: z.enum(CONTROL_CALLS),
    input: z.unknown(),
    at: z.number().int(),
    mac: MAC,
  })
  .strict();

export const controlReplySchema: z.ZodType<ControlReply> = z.object({
  id: z.string(),
  ok: z.boolean(),
  value: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  mac: MAC,
});
