/**
 * Calls the engine's API as a UI does: input validated (defaults filled in) by the transport's
 * dispatcher, errors rebuilt from the reply.
 */
import type { ApiCall, ApiInput, ApiOutputs } from '../../src/shared/api';
import { deserializeError } from '../../src/shared/errors';
import type { Engine } from '../../src/main/engine/engine-types';
import { dispatchCall } from '../../src/main/web/dispatch';

/** One call through the dispatcher; throws the call's error. */
export async function callApi<C extends ApiCall>(engine: Engine, call: C, input: ApiInput<C>): Promise<ApiOutputs[C]> {
  const reply = await dispatchCall(engine.handlers, call, input, { mode: 'headless', readOnly: false, includeStack: true });
  if (!reply.ok) throw deserializeError(reply.error);
  return reply.value as ApiOutputs[C];
}
