/**
 * One queue's pause and resume (the queues' counts and paused flags come with the snapshot).
 */
import type { QueueName } from '../../shared/jobs';
import { api } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';

interface QueuesState {
  /** Queues with a pause or resume call in flight. */
  busy: string[];
}

const slice = createSlice<QueuesState>({ busy: [] });

/** Reads which queues have a call in flight. */
export const useQueueSwitches = slice.use;

/** Queue actions. */
export const queueActions = {
  /** Pauses (running jobs finish, none start) or resumes one queue. */
  async setPaused(name: QueueName, paused: boolean): Promise<void> {
    slice.set((state) => ({ busy: [...state.busy, name] }));
    try {
      await api().invoke(paused ? 'queues:pause' : 'queues:resume', { name });
    } catch (error) {
      appActions.reportError(`${paused ? 'Pausing' : 'Resuming'} the ${name} queue`, error);
    } finally {
      slice.set((state) => ({ busy: state.busy.filter((one) => one !== name) }));
    }
  },
};
