/**
 * A control request checked as it arrives at the engine (see control-protocol.ts).
 */
import { z } from 'zod';
import { CONTROL_CALLS, type ControlRequest } from './control-protocol';

export const controlRequestSchema: z.ZodType<ControlRequest> = z
  .object({
    id: z.string().min(1).max(64),
    call: z.enum(CONTROL_CALLS),
    input: z.unknown(),
    at: z.number().int(),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
