/**
 * Bulk actions over the tasks view's filtered selection: the action waiting for confirmation, the
 * one in flight and the last result. The server applies the action to the jobs of the same query
 * in the states it fits (retry: failed; cancel: waiting; ...), and skips the rest.
 */
import type { BulkAction, BulkResult } from '../../shared/tasks';
import { api } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { currentSelection, taskActions } from './tasks-slice';

/** The most jobs one bulk call may touch (the contract's limit). */
export const BULK_LIMIT = 10_000;

interface BulkState {
  /** The action a person clicked and must confirm, with its priority for `priority`. */
  pending: { action: BulkAction; priority: number } | null;
  busy: boolean;
  result: BulkResult | null;
}

const slice = createSlice<BulkState>({ pending: null, busy: false, result: null });

/** Reads the bulk actions' state. */
export const useBulk = slice.use;

/** Bulk actions. */
export const bulkActions = {
  /** Asks for confirmation of an action on the whole selection. */
  ask(action: BulkAction, priority = 0): void {
    slice.set({ pending: { action, priority }, result: null });
  },
  dismiss(): void {
    slice.set({ pending: null, result: null });
  },
  /** Runs the confirmed action over the current selection. */
  async confirm(): Promise<void> {
    const pending = slice.get().pending;
    if (pending === null) return;
    slice.set({ busy: true });
    const { q, state } = currentSelection();
    try {
      const result = await api().invoke('tasks:bulk', {
        action: pending.action,
        q,
        ...(state ? { state } : {}),
        ...(pending.action === 'priority' ? { priority: pending.priority } : {}),
        limit: BULK_LIMIT,
      });
      slice.set({ result, pending: null });
    } catch (error) {
      appActions.reportError(`Bulk ${pending.action}`, error);
      slice.set({ pending: null });
    } finally {
      slice.set({ busy: false });
    }
    taskActions.refresh();
  },
};
