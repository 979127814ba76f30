import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { certCovers, makeSelfSignedCert, namesSelfSigned, SELF_SIGNED_NAME } from '../../src/node/self-signed-cert';
import { redisOptionsFromUrl } from '../../src/node/redis-options';

/** Opens a TLS connection with `options` to a server using the certificate; resolves authorised or the error. */
function handshake(certPem: string, keyPem: string, options: { ca?: string; servername?: string }): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer({ cert: certPem, key: keyPem }, (socket) => socket.end());
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const socket = connect({ host: '127.0.0.1', port, ...options }, () => {
        resolve(socket.authorized ? 'authorized' : 'unauthorized');
        socket.end();
        server.close();
      });
      socket.on('error', (error) => {
        resolve(error.message);
        server.close();
      });
    });
  });
}

describe('the self-signed certificate of an exposed Redis', () => {
  const names = ['127.0.0.1', '::1', 'localhost', '10.200.0.1'];
  const { certPem, keyPem } = makeSelfSignedCert(names);

  it('is a valid X.509 v3 certificate naming every address and the fixed name', () => {
    const cert = new X509Certificate(certPem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toContain(`DNS:${SELF_SIGNED_NAME}`);
    expect(cert.subjectAltName).toContain('IP Address:10.200.0.1');
    expect(Date.parse(cert.validTo) - Date.now()).toBeGreaterThan(3000 * 24 * 3600 * 1000);
    expect(certCovers(certPem, keyPem, names)).toBe(true);
    expect(certCovers(certPem, keyPem, [...names, '192.0.2.7'])).toBe(false);
    expect(certCovers(certPem, makeSelfSignedCert(names).keyPem, names)).toBe(false);
    expect(namesSelfSigned(certPem)).toBe(true);
  });

  it('is trusted when pinned, by address or by its fixed name, and refused when not', async () => {
    expect(await handshake(certPem, keyPem, { ca: certPem })).toBe('authorized');
    expect(await handshake(certPem, keyPem, { ca: certPem, servername: SELF_SIGNED_NAME })).toBe('authorized');
    expect(await handshake(certPem, keyPem, {})).toMatch(/self.signed/i);
    expect(await handshake(certPem, keyPem, { ca: certPem, servername: 'elsewhere.example' })).toMatch(/altnames|not in the cert/i);
  });

  it('makes rediss:// connection options check the pinned certificate by its fixed name', () => {
    expect(redisOptionsFromUrl('rediss://10.200.0.1:6390', 'pw', certPem).tls).toEqual({ ca: certPem, servername: SELF_SIGNED_NAME });
    expect(redisOptionsFromUrl('rediss://example.org:6390', 'pw').tls).toEqual({});
    expect(redisOptionsFromUrl('redis://127.0.0.1:6390', 'pw', certPem).tls).toBeUndefined();
  });
});
