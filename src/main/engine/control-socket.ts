/**
 * The control channel over a local socket (see control-protocol.ts): one request line per
 * connection, answered with one reply line. The socket file is the user's own (mode 0600, in the
 * data folder, itself 0700), and every request is signed as over Redis.
 *
 * It is the fast way in for a command: `semantik status` reaches it with Node's own modules. When it
 * cannot listen (a path taken by something that is not a socket, an OS that refuses), the engine
 * logs why and goes on: commands then use Redis.
 */
import { chmodSync, lstatSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { childLogger } from '../../node/logger';
import type { ControlDispatcher } from './control-dispatch';

const log = childLogger('control');

/** The longest request line taken; a search's input is a few kilobytes. */
const MAX_REQUEST_CHARS = 1_000_000;
/** A connection that sends no whole request in this time is closed. */
const IDLE_MS = 10_000;

/** Removes a socket file left by an instance that died; false when the path holds something else. */
function clearStaleSocket(path: string): boolean {
  try {
    if (!lstatSync(path).isSocket()) return false;
  } catch {
    return true; // nothing there
  }
  rmSync(path, { force: true });
  return true;
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
    if (unix && !clearStaleSocket(this.path)) {
      log.warn({ path: this.path }, 'the control socket path holds a file that is not a socket; commands will use Redis');
      return false;
    }
    const server = createServer((socket) => this.serve(socket));
    try {
      await new Promise<void>((listening, fail) => {
        server.once('error', fail);
        server.listen(this.path, () => {
          server.off('error', fail);
          listening();
        });
      });
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
    socket.setTimeout(IDLE_MS, () => socket.destroy());
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
      this.dispatcher.answer(buffered.slice(0, end), 'socket').then(
        (reply) => (reply === null ? socket.destroy() : socket.end(`${JSON.stringify(reply)}\n`)),
        () => socket.destroy(),
      );
    };
    socket.on('data', onData);
  }
}
