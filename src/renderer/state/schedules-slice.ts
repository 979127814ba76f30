/**
 * Schedules (BullMQ job schedulers): the list with next and last runs, and the actions: add or
 * change, remove, run now.
 */
import type { ApiInput } from '../../shared/api';
import type { ScheduleInfo } from '../../shared/schedules';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';

/** What the schedule form sends. */
export type ScheduleInput = ApiInput<'schedules:upsert'>;

interface SchedulesState {
  schedules: ScheduleInfo[] | null;
  error: string | null;
  /** Schedule names with a call in flight. */
  busy: string[];
  /** What the last "run now" started, for a link to its task. */
  lastRun: { name: string; ref: string } | null;
}

const slice = createSlice<SchedulesState>({ schedules: null, error: null, busy: [], lastRun: null });

/** Reads the schedules state. */
export const useSchedules = slice.use;

/** Schedule actions; each reports its failure rather than throwing into React. */
export const scheduleActions = {
  async load(): Promise<void> {
    try {
      slice.set({ schedules: await api().invoke('schedules:list', {}), error: null });
    } catch (error) {
      slice.set({ error: `Loading schedules failed: ${describeError(error)}` });
    }
  },
  /** Adds or changes a schedule; resolves true when saved (the form then closes). */
  async save(input: ScheduleInput): Promise<boolean> {
    return withBusy(input.name, `Saving schedule ${input.name}`, () => api().invoke('schedules:upsert', input));
  },
  async remove(name: string): Promise<boolean> {
    return withBusy(name, `Removing schedule ${name}`, () => api().invoke('schedules:remove', { name }));
  },
  async run(name: string): Promise<boolean> {
    return withBusy(name, `Running ${name}`, async () =>
      slice.set({ lastRun: { name, ...(await api().invoke('schedules:run', { name })) } }),
    );
  },
};

async function withBusy(name: string, what: string, run: () => Promise<unknown>): Promise<boolean> {
  slice.set((state) => ({ busy: [...state.busy, name] }));
  try {
    await run();
    return true;
  } catch (error) {
    appActions.reportError(what, error);
    return false;
  } finally {
    slice.set((state) => ({ busy: state.busy.filter((one) => one !== name) }));
    await scheduleActions.load();
  }
}
