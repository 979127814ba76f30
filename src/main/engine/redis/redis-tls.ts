/**
 * The TLS identity of the embedded Redis when it is exposed beyond loopback (SEMANTIK_REDIS_EXPOSE):
 * a self-signed certificate in `<dataDir>/redis/tls/`, made on first use and remade when it no
 * longer names this machine's addresses. Remote workers pin `cert.pem` as their CA (`--ca`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { SECRET_FILE_MODE } from '../../../node/secret-file';
import { certCovers, makeSelfSignedCert } from '../../../node/self-signed-cert';

/** The certificate and key files redis-server reads, and the certificate for clients. */
export interface RedisTlsFiles {
  certPath: string;
  keyPath: string;
  certPem: string;
}

/** The folder of the TLS files, under the data folder. */
export function redisTlsDir(dataDir: string): string {
  return join(dataDir, 'redis', 'tls');
}

/** Loopback, this host's name, every address of its interfaces, and the exposure host if specific. */
export function certificateNames(exposeHost: string): string[] {
  const names = ['localhost', '127.0.0.1', '::1', hostname()];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (!address.internal && !address.address.startsWith('fe80:')) names.push(address.address);
  }
  if (exposeHost !== '0.0.0.0' && exposeHost !== '::' && exposeHost !== '*') names.push(exposeHost);
  return [...new Set(names)];
}

/** The files, made (or remade) when missing, expiring, or not naming every current address. */
export function ensureRedisTls(dataDir: string, exposeHost: string): RedisTlsFiles {
  const dir = redisTlsDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const names = certificateNames(exposeHost);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    if (certCovers(certPem, readFileSync(keyPath, 'utf8'), names)) return { certPath, keyPath, certPem };
  }
  const { certPem, keyPem } = makeSelfSignedCert(names);
  writeFileSync(keyPath, keyPem, { mode: SECRET_FILE_MODE });
  writeFileSync(certPath, certPem, { mode: 0o644 });
  return { certPath, keyPath, certPem };
}

/** The certificate clients on this machine pin (the CLI), or null when Redis is not exposed. */
export function readRedisCa(dataDir: string): string | null {
  const certPath = join(redisTlsDir(dataDir), 'cert.pem');
  return existsSync(certPath) ? readFileSync(certPath, 'utf8') : null;
}
