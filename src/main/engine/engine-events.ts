/**
 * The engine's pushed events (API events to both UIs), which the folder watcher may quiet.
 */
import { EventEmitter } from 'node:events';
import type { ApiEvent, ApiEvents } from '../../shared/api';
import type { WatchService } from './watch/watch-service';

/** Emits the engine's events to their subscribers. */
export class EngineEvents {
  /** The folder watcher once it has started (null before, and when watching is off). */
  watch: WatchService | null = null;
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  /** Emits an event (bound: it is handed to the services as a function). */
  readonly emit = <E extends ApiEvent>(event: E, payload: ApiEvents[E]): void => {
    // Runs the watcher starts finish quietly: no "finished indexing" notice for every saved file.
    if (!this.watch?.quiets(event, payload)) this.emitter.emit(event, payload);
  };

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => void this.emitter.off(event, listener);
  }
}
