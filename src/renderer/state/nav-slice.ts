/**
 * Navigation between the monitor's views, mirrored in the page's location hash (`#tasks`, and
 * `#tasks/<job>` while a task's detail is open), so a reload, a bookmark or the browser's Back and
 * Forward land on the same view and task.
 */
import { createSlice } from './create-slice';
import { hashOfRoute, routeOfHash, type View } from './views';

interface NavState {
  view: View;
}

const slice = createSlice<NavState>({ view: routeOfHash(window.location.hash).view });

/** Reads the navigation state. */
export const useNav = slice.use;

/** The view shown now (for state outside React). */
export function currentView(): View {
  return slice.get().view;
}

/** Sets the hash unless it already names the route (one history entry per change). */
function record(view: View, task: string | null): void {
  // Compared as routes: a typed `#tasks/extract:42` names the same task as its escaped form.
  const shown = routeOfHash(window.location.hash);
  if (shown.view !== view || shown.task !== task) window.location.hash = hashOfRoute({ view, task });
}

/** Navigation actions. */
export const navActions = {
  /** Shows a view and records it in the location hash. */
  go(view: View): void {
    if (slice.get().view === view) return;
    slice.set({ view });
    record(view, null);
  },
  /** Records the task whose detail is open (null: none) as the tasks view's address. */
  showTask(ref: string | null): void {
    if (slice.get().view !== 'tasks') return;
    record('tasks', ref);
  },
  /** Follows the hash after Back, Forward or an edited address. */
  followHash(hash: string): void {
    slice.set({ view: routeOfHash(hash).view });
  },
};
