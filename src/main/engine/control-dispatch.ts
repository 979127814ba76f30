/**
 * What the engine does with a control request, however it came (the local socket or Redis; see
 * control-protocol.ts): checks its form, signature, age and novelty, runs it through the same
 * handlers and the same input validation as the UI's calls, and makes the signed reply. A request
 * that fails a check is refused and logged.
 */
import { z } from 'zod';
import { apiInputs, type ApiHandlers } from '../../shared/api';
import { serializeError } from '../../shared/errors';
import type { InstanceStatus } from '../../shared/instance-status';
import type { GpuStatus } from '../../shared/monitor-types';
import { parseInput } from '../../shared/validate';
import { childLogger } from '../../node/logger';
import { seal, unseal } from '../../node/jobs/payload-seal';
import {
  CONTROL_MAX_AGE_MS,
  requestSigned,
  SEALED_CALLS,
  signReply,
  type ControlCall,
  type ControlReply,
  type ControlRequest,
} from '../../node/control-protocol';
import { controlRequestSchema } from '../../node/control-schemas';

const log = childLogger('control');
/** A sealed call's input: one sealed string (see payload-seal.ts). */
const sealedInput = z.string().startsWith('sealed:').max(1_000_000);
const noInput = z.object({}).strict();

/** The reads the control channel answers besides the API's handlers. */
export interface InstanceReads {
  status(): Promise<InstanceStatus>;
  gpus(): Promise<GpuStatus>;
}

/** Which way a request came: over Redis, sealed calls are sealed; the local socket is the user's own. */
export type ControlTransport = 'redis' | 'socket';

/** Answers control requests; remembers accepted ids so that each runs once. */
export class ControlDispatcher {
  /** Ids of accepted requests and when they were made. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly handlers: ApiHandlers,
    private readonly reads: InstanceReads,
    /** The key in the data folder (control.key); requests must be signed with it. */
    private readonly key: string,
    /** The payload key: opens a sealed call's input and seals its value, over Redis. */
    private readonly payloadKey: Buffer,
  ) {}

  /** The signed reply to one request's text, or null for text that is not a request at all. */
  async answer(text: string, transport: ControlTransport): Promise<ControlReply | null> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      log.warn({ transport }, 'ignored a control request that is not JSON');
      return null;
    }
    const request = controlRequestSchema.safeParse(raw);
    if (!request.success) {
      log.warn({ transport, issues: request.error.message }, 'ignored a malformed control request');
      return null;
    }
    const { id, call, input, at } = request.data;
    const refusal = this.refusal(request.data);
    if (refusal !== null) {
      log.warn({ transport, call, id, refusal }, 'refused a control request');
      return signReply(this.key, { id, ok: false, error: { code: 'FORBIDDEN', message: `control request refused: ${refusal}` } });
    }
    this.seen.set(id, at);
    const started = performance.now();
    const sealed = transport === 'redis' && SEALED_CALLS.has(call);
    try {
      const given: unknown = sealed ? unseal(this.payloadKey, parseInput(sealedInput, input, `input of ${call}`)) : input;
      const value = await this.run(call, given);
      log.info(
        { transport, call, ms: Math.round(performance.now() - started), ...(SEALED_CALLS.has(call) ? {} : { input }) },
        'control request done',
      );
      return signReply(this.key, { id, ok: true, value: sealed ? seal(this.payloadKey, value) : value });
    } catch (error) {
      const serialized = serializeError(error);
      log.info({ transport, call, ms: Math.round(performance.now() - started), code: serialized.code }, 'control request failed');
      return signReply(this.key, { id, ok: false, error: { code: serialized.code, message: serialized.message } });
    }
  }

  private async run(call: ControlCall, given: unknown): Promise<unknown> {
    const what = `input of ${call}`;
    switch (call) {
      case 'workers:scale':
        return this.handlers['workers:scale'](parseInput(apiInputs['workers:scale'], given ?? {}, what));
      case 'workers:autoscale':
        return this.handlers['workers:autoscale'](parseInput(apiInputs['workers:autoscale'], given ?? {}, what));
      case 'workers:list':
        return this.handlers['workers:list'](parseInput(apiInputs['workers:list'], given ?? {}, what));
      case 'queues:list':
        return this.handlers['queues:list'](parseInput(apiInputs['queues:list'], given ?? {}, what));
      case 'status:read':
        parseInput(noInput, given ?? {}, what);
        return this.reads.status();
      case 'gpus:status':
        parseInput(noInput, given ?? {}, what);
        return this.reads.gpus();
      case 'search:query':
        return this.handlers['search:query'](parseInput(apiInputs['search:query'], given, what));
      case 'search:files':
        return this.handlers['search:files'](parseInput(apiInputs['search:files'], given, what));
    }
  }

  /** Why a well-formed request may not run, or null when it may. */
  private refusal(request: ControlRequest): string | null {
    const now = Date.now();
    for (const [id, at] of this.seen) if (Math.abs(now - at) > CONTROL_MAX_AGE_MS) this.seen.delete(id);
    if (!requestSigned(this.key, request)) return 'not signed with this instance’s control key (the data folder’s control.key)';
    if (Math.abs(now - request.at) > CONTROL_MAX_AGE_MS) {
      const seconds = Math.round(Math.abs(now - request.at) / 1000);
      return `made ${seconds} s ${request.at < now ? 'ago' : 'in the future'}; the limit is ${CONTROL_MAX_AGE_MS / 1000} s`;
    }
    if (this.seen.has(request.id)) return `request ${request.id} was already run`;
    return null;
  }
}
