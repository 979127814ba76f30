/**
 * The control channel over a local socket (see control-protocol.ts): one request line per
 * connection, answered with one reply line. The socket lies in the data folder, which the engine
 * keeps at mode 0700, and is itself set to 0600; every request is signed as over Redis.
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

/** Whether nobody listens on the socket at `path` (refused); any other answer counts as someone there. */
function refused(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
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
  if (!(await refused(path))) throw new Error('another process listens on the socket');
  rmSync(path, { force: true });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((listening, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      listening();
    });
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

  /** Starts listening; when it cannot, logs why and goes on without. */
  async start(): Promise<void> {
    const unix = this.platform !== 'win32';
    const server = createServer((socket) => this.serve(socket));
    server.maxConnections = MAX_CONNECTIONS;
    try {
      if (unix) await clearPath(this.path);
      await listen(server, this.path);
      if (unix) chmodSync(this.path, 0o600);
    } catch (error) {
      server.close();
      log.warn(
        { path: this.path, err: error instanceof Error ? error.message : String(error) },
        'no control socket; commands will use Redis',
      );
      return;
    }
    server.on('error', (error: Error) => log.warn({ err: error.message }, 'control socket error'));
    this.server = server;
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
