/** Error codes that cross process boundaries; the UI and the CLI map them to messages and exit codes. */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'REDIS'
  | 'WORKER'
  | 'GPU'
  | 'MODEL'
  | 'STORE'
  | 'FORBIDDEN'
  | 'INTERNAL';

/** The one error class of the app: a code, a message for people, and the cause. */
export class SemantikError extends Error {
  override readonly name = 'SemantikError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An error as data, the only form in which errors cross a process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  code: ErrorCode;
  stack?: string;
}

/** Turns anything thrown into data that can be sent over IPC, WebSocket or a worker channel. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof SemantikError) {
    return { name: error.name, message: error.message, code: error.code, stack: error.stack };
  }
  if (error instanceof Error) {
    return { name: error.name, message: error.message, code: 'INTERNAL', stack: error.stack };
  }
  return { name: 'Error', message: String(error), code: 'INTERNAL' };
}

/** Rebuilds a thrown error from its serialized form on the receiving side. */
export function deserializeError(data: SerializedError): SemantikError {
  const error = new SemantikError(data.code, data.message);
  if (data.stack) error.stack = data.stack;
  return error;
}

/** Ends every switch over a union: a new member becomes a compile error here. */
export function assertNever(value: never, what = 'value'): never {
  throw new SemantikError('INTERNAL', `Unexpected ${what}: ${JSON.stringify(value)}`);
}
