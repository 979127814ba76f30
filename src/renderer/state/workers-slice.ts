/**
 * Workers and the queue switch: lists come from the snapshot; scaling, pausing, restarting or
 * stopping one worker and the autoscale mode are actions. Workers that left are remembered for a
 * while (worker-roster.ts), so the workers view can list them offline.
 */
import type { AutoscaleInfo, BrokerInfo, GpuInfo, GpuWaiter, MonitorSnapshot, QueueCounts, WorkerInfo } from '../../shared/monitor-types';
import { api } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { useSnapshot } from './monitor-slice';
import { roster, updateDeparted, type DepartedWorker, type RosterRow } from './worker-roster';

interface WorkersState {
  scaling: boolean;
  /** A smaller worker count chosen and not yet confirmed (scaling down stops workers). */
  scaleAsk: number | null;
  toggling: boolean;
  /** Worker ids with a restart or stop call in flight. */
  busy: string[];
  departed: Record<string, DepartedWorker>;
  /** The workers of the last snapshot seen (to notice who left). */
  previous: WorkerInfo[];
  /** The autoscale mode as the last call returned it (the snapshot's wins when it has one). */
  autoscale: AutoscaleInfo | null;
  autoscaleBusy: boolean;
}

const slice = createSlice<WorkersState>({
  scaling: false,
  scaleAsk: null,
  toggling: false,
  busy: [],
  departed: {},
  previous: [],
  autoscale: null,
  autoscaleBusy: false,
});
const NO_WORKERS: WorkerInfo[] = [];
const NO_GPUS: GpuInfo[] = [];
const NO_WAITERS: GpuWaiter[] = [];
const NO_QUEUES: QueueCounts[] = [];

/** Worker processes as the supervisor sees them. */
export function useWorkers(): WorkerInfo[] {
  return useSnapshot((snapshot) => snapshot.workers, NO_WORKERS);
}

/** The supervisor's workers and those that left lately (offline). */
export function useRoster(): RosterRow[] {
  const workers = useWorkers();
  const departed = slice.use((state) => state.departed);
  return roster(workers, departed);
}

/** The requested worker count and its maximum. */
export function useWorkerTarget(): { target: number; max: number } {
  const target = useSnapshot((snapshot) => snapshot.targetWorkers, 0);
  const max = useSnapshot((snapshot) => snapshot.maxWorkers, 0);
  return { target, max };
}

/** The autoscale mode: the snapshot's when it carries one, else what the last change returned. */
export function useAutoscale(): AutoscaleInfo | null {
  const pushed = useSnapshot((snapshot) => snapshot.autoscale ?? null, null);
  const returned = slice.use((state) => state.autoscale);
  return pushed ?? returned;
}

/** GPUs, the one list of workers waiting for any of them, and whether work runs on the CPU only. */
export function useGpus(): { gpus: GpuInfo[]; waiters: GpuWaiter[]; cpuOnly: boolean } {
  const gpus = useSnapshot((snapshot) => snapshot.gpus, NO_GPUS);
  const waiters = useSnapshot((snapshot) => snapshot.gpuWaiters ?? NO_WAITERS, NO_WAITERS);
  const cpuOnly = useSnapshot((snapshot) => snapshot.cpuOnly, true);
  return { gpus, waiters, cpuOnly };
}

/** Queue counts, the broker, and whether the queues are paused. */
export function useQueues(): { queues: QueueCounts[]; broker: BrokerInfo | null; paused: boolean } {
  const queues = useSnapshot((snapshot) => snapshot.queues, NO_QUEUES);
  const broker = useSnapshot((snapshot) => snapshot.broker, null);
  const paused = useSnapshot((snapshot) => snapshot.paused, false);
  return { queues, broker, paused };
}

/** Whether a scale, pause, restart, stop or autoscale call is in flight. */
export const useWorkersUi = slice.use;

/** Worker and queue actions. */
export const workerActions = {
  /** Notes who left since the last snapshot (called with every snapshot). */
  track(snapshot: MonitorSnapshot): void {
    slice.set((state) => ({
      departed: updateDeparted(state.departed, state.previous, snapshot.workers, snapshot.at),
      previous: snapshot.workers,
    }));
  },
  /** Scales up at once; a smaller count waits for `scale` after the person confirms it. */
  choose(count: number, target: number): void {
    if (count < target) {
      slice.set({ scaleAsk: count });
      return;
    }
    slice.set({ scaleAsk: null });
    if (count !== target) void workerActions.scale(count);
  },
  /** Drops an unconfirmed scale-down. */
  dismissScale(): void {
    slice.set({ scaleAsk: null });
  },
  async scale(count: number): Promise<void> {
    slice.set({ scaling: true, scaleAsk: null });
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
  /** Replaces one worker with a fresh process; the old one finishes or hands back its jobs. */
  async restart(id: string): Promise<void> {
    await withBusy(id, `Restarting worker ${id}`, () => api().invoke('workers:restart', { id }));
  },
  /** Stops one worker gracefully; the pool's target drops by one so none replaces it. */
  async stop(id: string): Promise<void> {
    await withBusy(id, `Stopping worker ${id}`, () => api().invoke('workers:stop', { id }));
  },
  /** Turns autoscale on (between `min` and `max`, idle workers stopped after `idleSeconds`) or off. */
  async setAutoscale(input: { enabled: boolean; min: number; max: number; idleSeconds: number }): Promise<void> {
    slice.set({ autoscaleBusy: true });
    try {
      const autoscale = await api().invoke('workers:autoscale', input.enabled ? input : { enabled: false });
      slice.set({ autoscale });
    } catch (error) {
      appActions.reportError(input.enabled ? 'Turning autoscale on' : 'Turning autoscale off', error);
    } finally {
      slice.set({ autoscaleBusy: false });
    }
  },
};

async function withBusy(id: string, what: string, run: () => Promise<unknown>): Promise<void> {
  slice.set((state) => ({ busy: [...state.busy, id] }));
  try {
    await run();
  } catch (error) {
    appActions.reportError(what, error);
  } finally {
    slice.set((state) => ({ busy: state.busy.filter((one) => one !== id) }));
  }
}
