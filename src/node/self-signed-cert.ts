/**
 * A self-signed X.509 certificate (ECDSA P-256, SHA-256) made with node:crypto: the TLS identity
 * of the app's Redis when it is exposed to workers on other machines. Clients pin it as their CA.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, bool, explicit, integer, octets, oid, sequence, set, time, tlv, utf8 } from './der';

/** A DNS name every certificate made here carries, so a client that pins it can verify by name. */
export const SELF_SIGNED_NAME = 'semantik-redis';

const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const DAY_MS = 24 * 3600 * 1000;

/** PEM texts of a new certificate and its private key. */
export interface SelfSigned {
  certPem: string;
  keyPem: string;
}

/** Encodes one subjectAltName entry: an IP address or a DNS name. */
function altName(name: string): Buffer {
  const family = isIP(name);
  if (family === 4) return tlv(0x87, Buffer.from(name.split('.').map(Number)));
  if (family === 6) return tlv(0x87, ipv6Bytes(name));
  return tlv(0x82, Buffer.from(name, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const part = (text: string): number[] => (text === '' ? [] : text.split(':').map((group) => parseInt(group, 16)));
  const left = part(head);
  const right = address.includes('::') ? part(tail) : [];
  const groups = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return Buffer.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

/** A name as compared: IP addresses by their bytes (OpenSSL prints IPv6 unabbreviated). */
function nameKey(name: string): string {
  const family = isIP(name);
  if (family === 4) return `ip:${Buffer.from(name.split('.').map(Number)).toString('hex')}`;
  if (family === 6) return `ip:${ipv6Bytes(name).toString('hex')}`;
  return name.toLowerCase();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/**
 * Makes a certificate for `names` (IP addresses and DNS names; {@link SELF_SIGNED_NAME} is always
 * added), valid from yesterday for `days` days.
 */
export function makeSelfSignedCert(names: readonly string[], days = 3650, commonName = 'Semantik Redis'): SelfSigned {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));
  const algorithm = sequence(oid(ECDSA_SHA256));
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const all = [...new Set([SELF_SIGNED_NAME, ...names])];
  const extensions = sequence(
    // A CA of its own: clients use this certificate itself as their trust anchor.
    extension('2.5.29.19', true, sequence(bool(true))),
    extension('2.5.29.15', true, bitString(Buffer.from([0x84]), 2)), // digitalSignature, keyCertSign
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // serverAuth
    extension('2.5.29.17', false, sequence(...all.map(altName))),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    algorithm,
    subject,
    sequence(time(new Date(now - DAY_MS)), time(new Date(now + days * DAY_MS))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
  const der = sequence(tbs, algorithm, bitString(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem, keyPem };
}

/** True when `certPem` is valid now, names every entry of `names`, and matches `keyPem`. */
export function certCovers(certPem: string, keyPem: string, names: readonly string[]): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const now = Date.now();
    if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now + 30 * DAY_MS) return false;
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return false;
    const present = new Set(
      (cert.subjectAltName ?? '')
        .split(', ')
        .map((entry) => (entry.startsWith('IP Address:') ? nameKey(entry.slice('IP Address:'.length)) : entry.replace(/^DNS:/, ''))),
    );
    return [SELF_SIGNED_NAME, ...names].every((name) => present.has(nameKey(name)));
  } catch {
    return false;
  }
}

/** True when `certPem` is one of this app's certificates (it names {@link SELF_SIGNED_NAME}). */
export function namesSelfSigned(certPem: string): boolean {
  try {
    return (new X509Certificate(certPem).subjectAltName ?? '').split(', ').includes(`DNS:${SELF_SIGNED_NAME}`);
  } catch {
    return false;
  }
}
