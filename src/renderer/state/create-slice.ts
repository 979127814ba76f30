/**
 * The one place that imports zustand: every domain slice is made here, so components never touch
 * the state library and read only through the selectors and actions each slice exports.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

/** A domain's store: a selector hook for components, and get/set for that domain's actions. */
export interface Slice<S extends object> {
  /** Reads part of the state; the component re-renders when that part changes. */
  use<T>(selector: (state: S) => T): T;
  /** Like `use`, for selectors that build a new array or object: compared shallowly. */
  useShallow<T>(selector: (state: S) => T): T;
  get(): S;
  set(update: Partial<S> | ((state: S) => Partial<S>)): void;
  subscribe(listener: (state: S, previous: S) => void): () => void;
}

/** Creates a slice with its initial state. */
export function createSlice<S extends object>(initial: S): Slice<S> {
  const store = create<S>()(() => initial);
  return {
    use: (selector) => store(selector),
    useShallow: (selector) => store(useShallow(selector)),
    get: () => store.getState(),
    set: (update) => store.setState(update),
    subscribe: (listener) => store.subscribe(listener),
  };
}
