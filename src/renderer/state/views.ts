/**
 * The monitor's views and the location hash that names one (pure: unit-tested in Node).
 */

/** The views, in the order the navigation bar lists them. */
export const VIEWS = ['search', 'folders', 'dashboard', 'tasks', 'workers', 'gpus', 'broker', 'schedules', 'models', 'settings'] as const;
export type View = (typeof VIEWS)[number];

/** What the navigation bar calls each view. */
export const VIEW_LABELS: Record<View, string> = {
  search: 'Search',
  folders: 'Folders',
  dashboard: 'Dashboard',
  tasks: 'Tasks',
  workers: 'Workers',
  gpus: 'GPUs',
  broker: 'Broker',
  schedules: 'Schedules',
  models: 'Models',
  settings: 'Settings',
};

/** The view opened when the hash names none: search, what the app is for. */
export const DEFAULT_VIEW: View = 'search';

/** What a location hash names: a view and, in the tasks view, the job whose detail is open. */
export interface Route {
  view: View;
  /** The open task's ref (`queue:id`), or null. */
  task: string | null;
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The route a location hash names (`#tasks`, `#/tasks`, `#tasks/extract%3A42`); an unknown view is the default one. */
export function routeOfHash(hash: string): Route {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('?')[0]?.split('/') ?? [];
  const view = VIEWS.find((one) => one === name) ?? DEFAULT_VIEW;
  const task = view === 'tasks' && rest.join('/') !== '' ? decoded(rest.join('/')) : null;
  return { view, task: task === '' ? null : task };
}

/** The view a location hash names, or the default. */
export function viewOfHash(hash: string): View {
  return routeOfHash(hash).view;
}

/** The hash of a route, without its `#`: `tasks/extract%3A42`. */
export function hashOfRoute(route: Route): string {
  return route.task === null ? route.view : `${route.view}/${encodeURIComponent(route.task)}`;
}
