/**
 * The CLI's side of the control channel over the local socket (see control-protocol.ts): one signed
 * request line out, one signed reply line back. Only Node's own modules: a command that the running
 * instance answers this way loads no Redis client, store or schema library.
 */
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { SemantikError } from '../../shared/errors';
import { controlSocketPath, parseReply, replySigned, replyValue, signRequest, type ControlCall } from '../../node/control-protocol';
import { readControlKey } from './control-key';

/** The instance's answer, or `reached: false` when no instance listens on the socket. */
export type LocalAnswer = { reached: false } | { reached: true; value: unknown };

/** The socket connected, or null when nothing listens there (no instance, or one that died). */
function connected(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const refused = (): void => resolve(null);
    socket.once('error', refused);
    socket.once('connect', () => {
      socket.off('error', refused);
      resolve(socket);
    });
  });
}

/** The reply line, or an error when the instance closes, stalls, or the socket fails. */
function replyLine(socket: Socket, call: ControlCall, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SemantikError('TIMEOUT', `the running instance did not answer ${call} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      // Only the new chunk can hold the end of the line: a long reply is not searched again and again.
      const end = chunk.indexOf('\n');
      text += chunk;
      if (end < 0) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(text.slice(0, text.length - chunk.length + end));
    });
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new SemantikError('UNAVAILABLE', `the running instance closed its control socket without answering ${call}`));
    });
    socket.once('error', (error: Error) => {
      clearTimeout(timer);
      reject(new SemantikError('UNAVAILABLE', `the control socket failed while waiting for ${call}: ${error.message}`));
    });
  });
}

/** The data folder's control key, or null when there is none to read (no instance ever ran there). */
function controlKeyOrNull(dataDir: string): string | null {
  try {
    return readControlKey(dataDir);
  } catch {
    return null;
  }
}

/**
 * On Windows, whether an instance runs on the data folder (its 0600 instance file names a living
 * process). A pipe name, once seen in the system's list, can be taken by another user after the
 * instance stops: with none running the command does not look for one.
 */
async function pipeMayBeOurs(dataDir: string): Promise<boolean> {
  if (process.platform !== 'win32') return true;
  return (await import('../engine/instance-file')).readInstance(dataDir) !== null;
}

/** Runs `call` in the running instance through its socket; rejects with the instance's error. */
export async function localControlCall(dataDir: string, call: ControlCall, input: unknown, timeoutMs: number): Promise<LocalAnswer> {
  const key = (await pipeMayBeOurs(dataDir)) ? controlKeyOrNull(dataDir) : null;
  if (key === null) return { reached: false };
  const path = controlSocketPath(dataDir, key);
  const socket = path === null ? null : await connected(path);
  if (socket === null) return { reached: false };
  const id = randomUUID();
  const answer = replyLine(socket, call, timeoutMs);
  socket.write(`${JSON.stringify(signRequest(key, { id, call, input, at: Date.now() }))}\n`);
  const line = await answer;
  let raw: unknown = null;
  try {
    raw = JSON.parse(line);
  } catch {
    // Not JSON: refused below as not a reply.
  }
  const reply = parseReply(raw);
  if (reply === null || reply.id !== id) throw new SemantikError('INTERNAL', `the running instance's answer to ${call} is not a reply`);
  if (!replySigned(key, reply))
    throw new SemantikError('FORBIDDEN', `the answer to ${call} was not signed with this data folder's control key`);
  return { reached: true, value: replyValue(reply, call) };
}
