/**
 * Folders: the list comes from the monitor snapshot; this slice holds the add form's state and the
 * actions (add, remove, re-index).
 */
import type { FolderInfo } from '../../shared/monitor-types';
import { api, describeError } from './api-ref';
import { appActions } from './app-slice';
import { createSlice } from './create-slice';
import { useSnapshot } from './monitor-slice';

interface FoldersState {
  adding: boolean;
  addError: string | null;
  /** Folder ids with a remove or re-index call in flight. */
  busy: number[];
}

/** A dropped item as the drop zone saw it; `path` is null where the host cannot name it. */
export interface DroppedItem {
  name: string;
  isDirectory: boolean;
  path: string | null;
}

const slice = createSlice<FoldersState>({ adding: false, addError: null, busy: [] });
const NO_FOLDERS: FolderInfo[] = [];

/** The indexed folders, newest first as the supervisor sends them. */
export function useFolders(): FolderInfo[] {
  return useSnapshot((snapshot) => snapshot.folders, NO_FOLDERS);
}

/** The add form's state. */
export const useFoldersUi = slice.use;

/** Folder actions; each shows its failure rather than throwing into React. */
export const folderActions = {
  /** Adds a folder by path; resolves true when the supervisor accepted it. */
  async add(path: string): Promise<boolean> {
    slice.set({ adding: true, addError: null });
    try {
      await api().invoke('index:addFolder', { path });
      slice.set({ adding: false });
      return true;
    } catch (error) {
      slice.set({ adding: false, addError: describeError(error) });
      return false;
    }
  },
  /**
   * Adds dropped folders. Files are refused with a clear message, and so is a drop in the web page,
   * where the browser cannot tell the server where a dropped folder lives.
   */
  async addDropped(items: DroppedItem[]): Promise<void> {
    if (items.length === 0) return;
    const files = items.filter((item) => !item.isDirectory).map((item) => item.name);
    if (files.length > 0) {
      slice.set({ addError: `Drop folders, not files: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''}` });
      return;
    }
    for (const item of items) {
      if (item.path === null || item.path === '') {
        slice.set({ addError: `Cannot tell where “${item.name}” is on the server's machine: type or paste its path instead` });
        return;
      }
      if (!(await folderActions.add(item.path))) return;
    }
  },
  clearError(): void {
    slice.set({ addError: null });
  },
  async remove(folder: FolderInfo): Promise<void> {
    await withBusy(folder.id, `Removing ${folder.path}`, () => api().invoke('index:removeFolder', { id: folder.id }));
  },
  async reindex(folder: FolderInfo): Promise<void> {
    await withBusy(folder.id, `Re-indexing ${folder.path}`, () => api().invoke('index:reindex', { id: folder.id }));
  },
};

async function withBusy(id: number, what: string, run: () => Promise<unknown>): Promise<void> {
  slice.set((state) => ({ busy: [...state.busy, id] }));
  try {
    await run();
  } catch (error) {
    appActions.reportError(what, error);
  } finally {
    slice.set((state) => ({ busy: state.busy.filter((busyId) => busyId !== id) }));
  }
}
