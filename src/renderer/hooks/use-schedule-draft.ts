/**
 * The schedule form's fields: from the schedule being changed, or the defaults of a new one; with
 * the pattern's problem as it is typed, and the input the form sends.
 */
import { useState } from 'react';
import { SYSTEM_JOBS } from '../../shared/jobs';
import { cronProblem, DEFAULT_RETENTION_DAYS, type ScheduleInfo } from '../../shared/schedules';
import type { ScheduleInput } from '../state/schedules-slice';

/** The tasks a schedule made in the form may run. */
export const SCHEDULED_TASKS = [SYSTEM_JOBS.cleanup, SYSTEM_JOBS.ping] as const;

/** One of SCHEDULED_TASKS. */
export type ScheduledTask = (typeof SCHEDULED_TASKS)[number];

/** The task named `name` if the form can schedule it, else undefined. */
export function scheduledTask(name: string | undefined): ScheduledTask | undefined {
  return SCHEDULED_TASKS.find((one) => one === name);
}

function retentionOf(data: unknown): number {
  const value = typeof data === 'object' && data !== null && 'retentionDays' in data ? Number(data.retentionDays) : NaN;
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_RETENTION_DAYS;
}

/** The form's fields and their setters, the pattern's problem, and the input to send. */
export interface ScheduleDraft {
  name: string;
  setName(name: string): void;
  pattern: string;
  setPattern(pattern: string): void;
  /** A time zone name, or '' for the machine's. */
  tz: string;
  setTz(tz: string): void;
  task: ScheduledTask;
  setTask(task: ScheduledTask): void;
  /** Days the cleanup keeps (sent only for the cleanup). */
  retention: number;
  setRetention(days: number): void;
  /** Why the pattern cannot be saved, or null when it can. */
  problem: string | null;
  /** The schedule as the form sends it: fields trimmed, no time zone when empty. */
  input(): ScheduleInput;
}

/** The draft of a new schedule (`editing` null), or of a change to `editing`. */
export function useScheduleDraft(editing: ScheduleInfo | null): ScheduleDraft {
  const [name, setName] = useState(editing?.name ?? '');
  const [pattern, setPattern] = useState(editing?.pattern ?? '0 0 * * *');
  const [tz, setTz] = useState(editing?.tz ?? '');
  const [task, setTask] = useState<ScheduledTask>(scheduledTask(editing?.task) ?? SYSTEM_JOBS.cleanup);
  const [retention, setRetention] = useState(retentionOf(editing?.data));
  const problem = pattern.trim() === '' ? 'a pattern is required' : cronProblem(pattern);
  const input = (): ScheduleInput => ({
    name: name.trim(),
    pattern: pattern.trim(),
    ...(tz.trim() !== '' ? { tz: tz.trim() } : {}),
    task,
    ...(task === SYSTEM_JOBS.cleanup ? { retentionDays: retention } : {}),
  });
  return { name, setName, pattern, setPattern, tz, setTz, task, setTask, retention, setRetention, problem, input };
}
