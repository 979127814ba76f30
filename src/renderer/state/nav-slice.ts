/**
 * Navigation between the monitor's views, mirrored in the page's location hash (`#tasks`), so a
 * reload, a bookmark or the browser's back button lands on the same view.
 */
import { createSlice } from './create-slice';
import { viewOfHash, type View } from './views';

interface NavState {
  view: View;
}

const slice = createSlice<NavState>({ view: viewOfHash(window.location.hash) });

/** Reads the navigation state. */
export const useNav = slice.use;

/** Navigation actions. */
export const navActions = {
  /** Shows a view and records it in the location hash (one history entry per change). */
  go(view: View): void {
    if (slice.get().view === view) return;
    slice.set({ view });
    if (viewOfHash(window.location.hash) !== view) window.location.hash = view;
  },
  /** Follows the hash after back/forward or an edited address. */
  followHash(hash: string): void {
    slice.set({ view: viewOfHash(hash) });
  },
};
