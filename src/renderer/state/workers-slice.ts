/**
 * Workers and the queue switch: lists come from the snapshot; scaling and pausing are actions.
 */
import type { BrokerInfo, GpuInfo, QueueCounts, WorkerInfo } from '../../shared/monitor-types';
import { api } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { useSnapshot } from './monitor-slice';

interface WorkersState {
  scaling: boolean;
  toggling: boolean;
}

const slice = createSlice<WorkersState>({ scaling: false, toggling: false });
const NO_WORKERS: WorkerInfo[] = [];
const NO_GPUS: GpuInfo[] = [];
const NO_QUEUES: QueueCounts[] = [];

/** Worker processes as the supervisor sees them. */
export function useWorkers(): WorkerInfo[] {
  return useSnapshot((snapshot) => snapshot.workers, NO_WORKERS);
}

/** The requested worker count and its maximum. */
export function useWorkerTarget(): { target: number; max: number } {
  const target = useSnapshot((snapshot) => snapshot.targetWorkers, 0);
  const max = useSnapshot((snapshot) => snapshot.maxWorkers, 0);
  return { target, max };
}

/** GPUs, and whether work runs on the CPU only. */
export function useGpus(): { gpus: GpuInfo[]; cpuOnly: boolean } {
  const gpus = useSnapshot((snapshot) => snapshot.gpus, NO_GPUS);
  const cpuOnly = useSnapshot((snapshot) => snapshot.cpuOnly, true);
  return { gpus, cpuOnly };
}

/** Queue counts, the broker, and whether the queues are paused. */
export function useQueues(): { queues: QueueCounts[]; broker: BrokerInfo | null; paused: boolean } {
  const queues = useSnapshot((snapshot) => snapshot.queues, NO_QUEUES);
  const broker = useSnapshot((snapshot) => snapshot.broker, null);
  const paused = useSnapshot((snapshot) => snapshot.paused, false);
  return { queues, broker, paused };
}

/** Whether a scale or pause call is in flight. */
export const useWorkersUi = slice.use;

/** Worker and queue actions. */
export const workerActions = {
  async scale(count: number): Promise<void> {
    slice.set({ scaling: true });
    try {
      await api().invoke('workers:scale', { count });
    } catch (error) {
      appActions.reportError(`Scaling to ${count} workers`, error);
    } finally {
      slice.set({ scaling: false });
    }
  },
  async setPaused(paused: boolean): Promise<void> {
    slice.set({ toggling: true });
    try {
      await api().invoke(paused ? 'queue:pause' : 'queue:resume', {});
    } catch (error) {
      appActions.reportError(paused ? 'Pausing the queues' : 'Resuming the queues', error);
    } finally {
      slice.set({ toggling: false });
    }
  },
};
