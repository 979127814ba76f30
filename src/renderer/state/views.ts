/**
 * The monitor's views and the location hash that names one (pure: unit-tested in Node).
 */

/** The views, in the order the navigation bar lists them. */
export const VIEWS = ['folders', 'dashboard', 'tasks', 'workers', 'gpus', 'broker', 'schedules', 'models', 'settings'] as const;
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
  settings: 'Settings',
};

/** The view opened when the hash names none: the folders and search, as before there were views. */
export const DEFAULT_VIEW: View = 'folders';

/** The view a location hash names (`#tasks`, `#/tasks`), or the default. */
export function viewOfHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return VIEWS.find((view) => view === name) ?? DEFAULT_VIEW;
}
