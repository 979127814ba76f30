/**
 * What the engine has started, as the steps that undo it: a stop, or a start that fails half-way,
 * runs them last first.
 */
import { childLogger } from '../../node/logger';

const log = childLogger('engine');

/** One step that undoes a start step. */
export type StopStep = () => Promise<void> | void;

/** The undo steps of what has started so far. */
export class StopSteps {
  private readonly steps: StopStep[] = [];

  /** Adds the step that undoes what was just started. */
  add(step: StopStep): void {
    this.steps.push(step);
  }

  /** Runs every step, the last added first; a step that fails is logged and the others still run. */
  async runAll(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step();
      } catch (error) {
        log.error({ err: error }, 'error while stopping');
      }
    }
    this.steps.length = 0;
  }
}
