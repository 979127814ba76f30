/**
 * The engine as its hosts see it: the Electron shell, the headless server and the CLI.
 *
 * The engine is plain Node (it never imports electron): it owns Redis, the queues, the worker pool,
 * the store's read side and the monitor hub, and exposes the API contract's handlers and events.
 */
import type { ApiEvent, ApiEvents, ApiHandlers } from '../../shared/api';

/** A running engine. */
export interface Engine {
  /** One handler per API call; each expects input already validated by the transport. */
  readonly handlers: ApiHandlers;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** The data folder this engine owns. */
  readonly dataDir: string;
  /** Stops workers (each finishes or hands back its job), then Redis; queued work is kept. */
  stop(): Promise<void>;
}
