/**
 * The control channel over a local socket (see control-protocol.ts): one request line per
 * connection, answered with one reply line. The socket is made with mode 0600 (no moment with a
 * wider one), on Windows under a name only the control key's readers can know, and every request
 * is signed as over Redis.
 *
 * It is the fast way in for a command: `semantik status` reaches it with Node's own modules. When it
 * cannot listen (the path holds a file that is not a socket, or a socket another process answers
 * on), the engine logs why and goes on: commands then use Redis.
 */
import { chmodSync, lstatSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { childLogger } from '../../node/logger';
import type { ControlDispatcher } from './control-dispatch';

const log = childLogger('control');

/** The longest request line taken; a search's input is a few kilobytes. */
const MAX_REQUEST_CHARS = 1_000_000;
/** A connection that sends no whole request in this time is closed. */
const REQUEST_WAIT_MS = 10_000;
/** Connections at once: commands make one each. */
const MAX_CONNECTIONS = 64;

/** Whether a process answers on the socket at `path`. */
function answered(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Clears the path for a new socket: a socket nobody answers on (left by an instance that died) is
 * removed. Throws what stands in the way.
 */
async function clearPath(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new Error('the path holds a file that is not a socket');
  if (await answered(path)) throw new Error('another process answers on the socket');
  rmSync(path, { force: true });
}

/** Listens with mode 0600 from the first moment: the umask is narrowed around the socket's creation. */
function listen(server: Server, path: string, unix: boolean): Promise<void> {
  return new Promise((listening, fail) => {
    server.once('error', fail);
    const umask = unix ? process.umask(0o177) : null;
    try {
      server.listen(path, () => {
        server.off('error', fail);
        listening();
      });
    } finally {
      // The socket file is made synchronously within listen(): the umask can go back at once.
      if (umask !== null) process.umask(umask);
    }
  });
}

/** Listens on the control socket until `stop()`. */
export class ControlSocket {
  private server: Server | null = null;

  constructor(
    private readonly path: string,
    private readonly dispatcher: ControlDispatcher,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Starts listening; resolves false (after logging why) when it cannot. */
  async start(): Promise<boolean> {
    const unix = this.platform !== 'win32';
    const server = createServer((socket) => this.serve(socket));
    server.maxConnections = MAX_CONNECTIONS;
    try {
      if (unix) await clearPath(this.path);
      await listen(server, this.path, unix);
      // Already 0600 by the umask; said again in case a file system ignores it.
      if (unix) chmodSync(this.path, 0o600);
    } catch (error) {
      server.close();
      log.warn(
        { path: this.path, err: error instanceof Error ? error.message : String(error) },
        'no control socket; commands will use Redis',
      );
      return false;
    }
    server.on('error', (error: Error) => log.warn({ err: error.message }, 'control socket error'));
    this.server = server;
    return true;
  }

  stop(): void {
    if (this.server === null) return;
    this.server.close();
    this.server = null;
    if (this.platform !== 'win32') rmSync(this.path, { force: true });
  }

  private serve(socket: Socket): void {
    socket.setEncoding('utf8');
    socket.setTimeout(REQUEST_WAIT_MS, () => socket.destroy());
    socket.on('error', (error: Error) => log.debug({ err: error.message }, 'control socket connection error'));
    let buffered = '';
    const onData = (text: string): void => {
      buffered += text;
      const end = buffered.indexOf('\n');
      if (end < 0) {
        if (buffered.length > MAX_REQUEST_CHARS) socket.destroy();
        return;
      }
      socket.off('data', onData);
      // The request is in: the call may take as long as it takes (the command has its own limit).
      socket.setTimeout(0);
      this.dispatcher.answer(buffered.slice(0, end), 'socket').then(
        (reply) => (reply === null ? socket.destroy() : socket.end(`${JSON.stringify(reply)}\n`)),
        () => socket.destroy(),
      );
    };
    socket.on('data', onData);
  }
}
