/**
 * Navigation between the monitor's views, mirrored in the page's location hash (`#tasks`), so a
 * reload, a bookmark or the browser's back button lands on the same view.
 */
import { createSlice } from './create-slice';

/** The views, in the order the navigation bar lists them. */
export const VIEWS = ['folders', 'dashboard', 'tasks', 'workers', 'gpus', 'broker', 'schedules', 'models'] as const;
export type View = (typeof VIEWS)[number];

/** What the navigation bar calls each view. */
export const VIEW_LABELS: Record<View, string> = {
  folders: 'Folders & search',
  dashboard: 'Dashboard',
  tasks: 'Tasks',
  workers: 'Workers',
  gpus: 'GPUs',
  broker: 'Broker',
  schedules: 'Schedules',
  models: 'Models',
};

/** The view opened when the hash names none: the folders and search, as before there were views. */
export const DEFAULT_VIEW: View = 'folders';

interface NavState {
  view: View;
}

/** The view a location hash names (`#tasks`, `#/tasks`), or the default. */
export function viewOfHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return VIEWS.find((view) => view === name) ?? DEFAULT_VIEW;
}

const slice = createSlice<NavState>({ view: typeof window === 'undefined' ? DEFAULT_VIEW : viewOfHash(window.location.hash) });

/** Reads the navigation state. */
export const useNav = slice.use;

/** Navigation actions. */
export const navActions = {
  /** Shows a view and records it in the location hash (one history entry per change). */
  go(view: View): void {
    if (slice.get().view === view) return;
    slice.set({ view });
    if (typeof window !== 'undefined' && viewOfHash(window.location.hash) !== view) window.location.hash = view;
  },
  /** Follows the hash after back/forward or an edited address. */
  followHash(hash: string): void {
    slice.set({ view: viewOfHash(hash) });
  },
};
