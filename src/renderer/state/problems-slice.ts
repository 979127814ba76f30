/**
 * The failed and skipped files of each folder, loaded when a person opens a folder's list.
 */
import type { FileProblem } from '../../shared/monitor-types';
import { api } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';

interface ProblemsState {
  /** Folder id → its problems, for the folders whose list is open. */
  open: Record<number, FileProblem[] | 'loading'>;
}

const slice = createSlice<ProblemsState>({ open: {} });

/**
 * The most problems one list loads (the API's ceiling): enough that the groups' counts are those of
 * the whole folder in all but extreme cases, which the list then says.
 */
export const PROBLEMS_LIMIT = 5000;

/** The open list of a folder: its problems, 'loading', or undefined when closed. */
export function useFolderProblems(folderId: number): FileProblem[] | 'loading' | undefined {
  return slice.use((state) => state.open[folderId]);
}

/** Opening, refreshing and closing a folder's problem list. */
export const problemActions = {
  async open(folderId: number): Promise<void> {
    slice.set((state) => ({ open: { ...state.open, [folderId]: 'loading' } }));
    try {
      const problems = await api().invoke('index:problems', { id: folderId, limit: PROBLEMS_LIMIT });
      slice.set((state) => (folderId in state.open ? { open: { ...state.open, [folderId]: problems } } : state));
    } catch (error) {
      appActions.reportError('Listing the failed files', error);
      problemActions.close(folderId);
    }
  },
  close(folderId: number): void {
    slice.set((state) => {
      const open = { ...state.open };
      delete open[folderId];
      return { open };
    });
  },
};
