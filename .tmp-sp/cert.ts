import { X509Certificate } from 'node:crypto';
import { createServer, connect } from 'node:tls';
import { makeSelfSignedCert, certCovers } from '../src/node/self-signed-cert';
const { certPem, keyPem } = makeSelfSignedCert(['127.0.0.1', '::1', 'localhost', '10.200.0.1']);
const c = new X509Certificate(certPem);
console.log(c.subject, c.subjectAltName, c.validFrom, c.validTo, c.ca, c.checkIssued(c), c.verify(c.publicKey));
console.log('covers', certCovers(certPem, keyPem, ['127.0.0.1', '::1', 'localhost', '10.200.0.1']));
const server = createServer({ cert: certPem, key: keyPem }, (s) => { s.end('hi'); });
server.listen(0, '127.0.0.1', () => {
  const port = (server.address() as {port:number}).port;
  for (const servername of ['semantik-redis', undefined]) {
    const sock = connect({ host: '127.0.0.1', port, ca: certPem, ...(servername ? { servername } : {}) }, () => {
      console.log('authorized', servername, sock.authorized);
    });
    sock.on('data', (d) => { console.log('data', d.toString()); sock.end(); });
    sock.on('error', (e) => console.log('ERR', servername, e.message));
  }
  setTimeout(() => server.close(), 1000);
});
