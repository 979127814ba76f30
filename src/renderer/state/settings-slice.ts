/**
 * Settings: the catalogue's entries as the engine reports them (`settings:list`), and saving or
 * resetting one (`settings:set`). A refused value stays on its row with the server's reason, since
 * that is where the person typed it.
 */
import type { SettingInfo } from '../../shared/settings';
import { api, describeError } from './api-ref';
import { createSlice } from './create-slice';

interface SettingsState {
  settings: SettingInfo[] | null;
  /** Why the list could not be loaded. */
  error: string | null;
  /** Setting name → why its last save was refused. */
  rowErrors: Readonly<Record<string, string>>;
  /** Names saved (or reset) since the view was loaded, for a "saved" note on their rows. */
  saved: string[];
  /** Names with a call in flight. */
  busy: string[];
}

const slice = createSlice<SettingsState>({ settings: null, error: null, rowErrors: {}, saved: [], busy: [] });

/** Reads the settings state. */
export const useSettings = slice.use;

function without<T>(record: Readonly<Record<string, T>>, name: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== name));
}

/** Settings actions; each records its failure instead of throwing into React. */
export const settingsActions = {
  async load(): Promise<void> {
    try {
      slice.set({ settings: await api().invoke('settings:list', {}), error: null });
    } catch (error) {
      slice.set({ error: `Loading settings failed: ${describeError(error)}` });
    }
  },
  /** Saves a value (null: back to the default); resolves true when the engine accepted it. */
  async save(name: string, value: string | null): Promise<boolean> {
    slice.set((state) => ({ busy: [...state.busy, name] }));
    try {
      const updated = await api().invoke('settings:set', { name, value });
      slice.set((state) => ({
        settings: state.settings?.map((one) => (one.name === name ? updated : one)) ?? null,
        rowErrors: without(state.rowErrors, name),
        saved: state.saved.includes(name) ? state.saved : [...state.saved, name],
      }));
      return true;
    } catch (error) {
      slice.set((state) => ({
        rowErrors: { ...state.rowErrors, [name]: describeError(error) },
        saved: state.saved.filter((one) => one !== name),
      }));
      return false;
    } finally {
      slice.set((state) => ({ busy: state.busy.filter((one) => one !== name) }));
    }
  },
};
