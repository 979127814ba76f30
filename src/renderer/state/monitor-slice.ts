/**
 * The supervisor's pushed view: the latest monitor snapshot (folders, workers, GPUs, queues,
 * broker), replaced whole by each `monitor:update`.
 */
import type { MonitorSnapshot } from '../../shared/monitor-types';
import { createSlice } from './create-slice';

interface MonitorState {
  snapshot: MonitorSnapshot | null;
}

const slice = createSlice<MonitorState>({ snapshot: null });

/** Reads the latest snapshot through a selector; null until the first one arrives. */
export function useSnapshot<T>(selector: (snapshot: MonitorSnapshot) => T, fallback: T): T {
  return slice.use((state) => (state.snapshot === null ? fallback : selector(state.snapshot)));
}

/** Like `useSnapshot`, for selectors that build a new array or object: compared shallowly. */
export function useSnapshotShallow<T>(selector: (snapshot: MonitorSnapshot) => T, fallback: T): T {
  return slice.useShallow((state) => (state.snapshot === null ? fallback : selector(state.snapshot)));
}

/** Actions on the monitor snapshot. */
export const monitorActions = {
  /** Takes a snapshot unless a newer one is already in (a reply can arrive after an update). */
  apply(snapshot: MonitorSnapshot): void {
    slice.set((state) => (state.snapshot !== null && state.snapshot.at > snapshot.at ? {} : { snapshot }));
  },
};

/** The current snapshot outside React (actions use it). */
export function currentSnapshot(): MonitorSnapshot | null {
  return slice.get().snapshot;
}
