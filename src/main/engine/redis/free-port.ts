/**
 * A free TCP port on the loopback interface.
 */
import { createServer } from 'node:net';

/** Asks the OS for a free loopback port; another process may still take it before we bind it. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      // listen() on a TCP host always yields an AddressInfo, never a pipe name.
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
