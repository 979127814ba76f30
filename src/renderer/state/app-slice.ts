/**
 * App-wide state: facts about the running app, the connection, start-up, and the notices (errors
 * from failed calls and "folder finished" messages) shown at the top of the window.
 */
import type { AppInfo } from '../../shared/monitor-types';
import { createSlice } from './create-slice';
import { describeError } from './api-ref';
import { currentView } from './nav-slice';
import type { View } from './views';

/** One message at the top of the window. */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** The view it belongs to (an action's error shows where the action was), or null for every view. */
  view: View | null;
}

interface AppState {
  info: AppInfo | null;
  phase: 'loading' | 'ready' | 'error';
  startError: string | null;
  connection: 'connecting' | 'open' | 'closed';
  notices: Notice[];
  /** Monitor updates received: lets tests wait for "some time of updates" without sleeping. */
  updates: number;
  /** True in the desktop window, where folders can be dropped and picked. */
  desktop: boolean;
}

const slice = createSlice<AppState>({
  info: null,
  phase: 'loading',
  startError: null,
  connection: 'connecting',
  notices: [],
  updates: 0,
  desktop: false,
});
let nextNotice = 1;
const MAX_NOTICES = 5;

function notify(kind: Notice['kind'], text: string, everywhere = false): void {
  const notice = { id: nextNotice++, kind, text, view: everywhere ? null : currentView() };
  slice.set((state) => ({ notices: [...state.notices, notice].slice(-MAX_NOTICES) }));
}

/** Reads app-wide state. */
export const useApp = slice.use;

/** Actions on app-wide state. */
export const appActions = {
  started(info: AppInfo, desktop: boolean): void {
    slice.set({ info, desktop, phase: 'ready', startError: null });
  },
  startFailed(error: unknown): void {
    slice.set({ phase: 'error', startError: describeError(error) });
  },
  /** The active model changed (a switch flipped): the header follows. */
  setModel(model: AppInfo['model']): void {
    slice.set((state) => (state.info === null || state.info.model.id === model.id ? {} : { info: { ...state.info, model } }));
  },
  setConnection(connection: AppState['connection']): void {
    slice.set({ connection });
  },
  countUpdate(): void {
    slice.set((state) => ({ updates: state.updates + 1 }));
  },
  /** Shows an error from a failed call; nothing is swallowed silently. */
  reportError(what: string, error: unknown): void {
    notify('error', `${what}: ${describeError(error)}`);
  },
  notify,
  dismiss(id: number): void {
    slice.set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
  },
};

/**
 * Whether write controls are usable: not on a read-only monitor, and not while the page has lost
 * its connection (a click then would be lost, or land late on a state the page no longer shows).
 */
export function useCanWrite(): boolean {
  return useApp((state) => state.info !== null && !state.info.readOnly && state.connection === 'open');
}

/** Whether the page is connected to the app (always, in the desktop window). */
export function useConnected(): boolean {
  return useApp((state) => state.connection === 'open');
}
