/**
 * Periodic tasks: BullMQ job schedulers on the system queue. The daily cleanup is created on the
 * first start (at local midnight, in this machine's time zone); later it may be changed or removed
 * like any other schedule, and a removed one is not brought back.
 */
import type { ApiParsedInput } from '../../../shared/api';
import { SemantikError } from '../../../shared/errors';
import { QUEUES, SYSTEM_JOBS } from '../../../shared/jobs';
import { CLEANUP_PATTERN, CLEANUP_SCHEDULE, normalizeCron, type ScheduleInfo } from '../../../shared/schedules';
import { jobSignatureProblem } from '../../../node/jobs/job-signature';
import { childLogger } from '../../../node/logger';
import type { Store } from '../../../node/store/store';
import { parseJson } from '../history/summaries';
import type { QueueSet } from '../queue-set';

const INITIALIZED_KEY = 'schedules:initialized';
const log = childLogger('schedules');

/** The machine's IANA time zone, so that "midnight" is local midnight. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Lists, creates, changes, removes and runs schedules. */
export class Schedules {
  constructor(
    private readonly store: Store,
    private readonly queues: QueueSet,
    private readonly retentionDays: number,
    /** The retention was set in the environment: it overrides the cleanup schedule's at start. */
    private readonly retentionFromEnv = false,
  ) {}

  /**
   * Creates the daily cleanup once (the first time this data folder's engine starts); later
   * starts only apply a retention set in the environment to it.
   */
  async ensureDefaults(): Promise<void> {
    const history = this.store.history();
    const system = this.queues.get('system');
    if (history.getKv(INITIALIZED_KEY) !== null) {
      const current = await system.getJobScheduler(CLEANUP_SCHEDULE);
      const data = current?.template?.data as { retentionDays?: unknown } | undefined;
      const retentionChanged = this.retentionFromEnv && data?.retentionDays !== this.retentionDays;
      // Made before jobs were signed, or with another data folder's key: workers would refuse its runs.
      const unsigned = jobSignatureProblem(this.queues.keys.sign, 'system', current?.name ?? '', current?.template?.data) !== null;
      if (current?.pattern && (retentionChanged || unsigned)) {
        const retentionDays = retentionChanged
          ? this.retentionDays
          : typeof data?.retentionDays === 'number'
            ? data.retentionDays
            : this.retentionDays;
        await this.upsert({
          name: CLEANUP_SCHEDULE,
          pattern: current.pattern,
          tz: current.tz ?? undefined,
          task: SYSTEM_JOBS.cleanup,
          retentionDays,
        });
        if (retentionChanged) log.info({ retentionDays }, 'cleanup retention set from SEMANTIK_RETENTION_DAYS');
      }
      return;
    }
    if (!(await system.getJobScheduler(CLEANUP_SCHEDULE))) {
      await this.upsert({ name: CLEANUP_SCHEDULE, pattern: CLEANUP_PATTERN, task: SYSTEM_JOBS.cleanup, retentionDays: this.retentionDays });
      log.info({ pattern: CLEANUP_PATTERN, tz: localTimeZone(), retentionDays: this.retentionDays }, 'daily cleanup scheduled');
    }
    history.setKv(INITIALIZED_KEY, String(Date.now()));
  }

  /** Every schedule of every queue, with its next run and latest recorded run. */
  async list(): Promise<ScheduleInfo[]> {
    const out: ScheduleInfo[] = [];
    for (const queue of QUEUES) {
      const schedulers = await this.queues.get(queue).getJobSchedulers(0, -1, true);
      for (const scheduler of schedulers) {
        const last = this.store.history().lastSchedulerRun(queue, scheduler.key);
        out.push({
          name: scheduler.key,
          queue,
          task: scheduler.name,
          pattern: scheduler.pattern ?? null,
          everyMs: scheduler.every ?? null,
          tz: scheduler.tz ?? null,
          nextRunAt: scheduler.next ?? null,
          data: withoutSignature(scheduler.template?.data ?? {}),
          lastRun: last
            ? { ref: last.ref, state: last.state, finishedAt: last.finishedAt, result: parseJson(last.result), error: last.error }
            : null,
        });
      }
    }
    return out;
  }

  /** Creates or changes a schedule on the system queue. */
  async upsert(input: Omit<ApiParsedInput<'schedules:upsert'>, 'tz'> & { tz?: string | undefined }): Promise<ScheduleInfo> {
    const tz = input.tz ?? localTimeZone();
    if (!isTimeZone(tz)) throw new SemantikError('BAD_INPUT', `Unknown time zone "${tz}" (an IANA name such as Europe/Paris)`);
    const data = input.task === SYSTEM_JOBS.cleanup ? { retentionDays: input.retentionDays ?? this.retentionDays } : {};
    try {
      await this.queues
        .get('system')
        .upsertJobScheduler(
          input.name,
          { pattern: normalizeCron(input.pattern), tz },
          { name: input.task, data: this.queues.sign('system', input.task, data) },
        );
    } catch (error) {
      throw new SemantikError('BAD_INPUT', `Cannot schedule ${input.name}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const info = (await this.list()).find((one) => one.name === input.name && one.queue === 'system');
    if (!info) throw new SemantikError('INTERNAL', `Schedule ${input.name} was not saved`);
    return info;
  }

  /** Removes a schedule; false when there is none of that name. */
  async remove(name: string): Promise<boolean> {
    return this.queues.get('system').removeJobScheduler(name);
  }

  /** Runs a schedule's job now (recorded as one of its runs); returns the job's ref. */
  async run(name: string): Promise<{ ref: string }> {
    const scheduler = await this.queues.get('system').getJobScheduler(name);
    if (!scheduler) throw new SemantikError('NOT_FOUND', `No schedule named ${name}`);
    // `repeat:<name>:<suffix>`: the id form of the scheduler's own runs, so it counts as its last run.
    const jobId = `repeat:${name}:manual-${Date.now()}`;
    // Signed again: a schedule made before jobs were signed has unsigned template data.
    const { sig: _old, ...data } = (scheduler.template?.data ?? {}) as Record<string, unknown>;
    await this.queues.addSigned('system', scheduler.name, data, { jobId });
    return { ref: `system:${jobId}` };
  }
}

/** Template data as the person set it: the signature is the engine's business. */
function withoutSignature(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const { sig: _sig, ...rest } = data as Record<string, unknown>;
  return rest;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
