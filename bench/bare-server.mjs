/**
 * The "bare route" bound: Fastify over the same TLS certificate as the real
 * server, one route that reads a JSON body and answers a small JSON, no logging,
 * no hooks. Two more routes measure what TLS alone costs for large payloads:
 * /sink reads a body and answers a small JSON, /source?mib=N answers N MiB in
 * 1 MiB writes. argv: certificate path, key path. Prints the port once listening.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

import Fastify from 'fastify';

const [certPath, keyPath] = process.argv.slice(2);
const app = Fastify({
  https: { cert: readFileSync(certPath), key: readFileSync(keyPath) },
  logger: false,
  bodyLimit: 256 * 1024 * 1024,
});

app.post('/bare', async () => ({ Status: 'ok', Owners: ['alice', 'bob', 'carol'], Predicate: '' }));

app.addContentTypeParser('application/octet-stream', (_request, payload, done) => {
  payload.on('data', () => undefined).on('end', () => done(null, null)).on('error', done);
});
app.post('/sink', async () => ({ Status: 'ok' }));

const MiB = Buffer.alloc(1024 * 1024, 0x41);
app.get('/source', (request, reply) => {
  const count = Number(request.query.mib);
  reply.type('application/json').send(Readable.from((function* () {
    for (let i = 0; i < count; i++) yield MiB;
  })(), { objectMode: false }));
});

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
