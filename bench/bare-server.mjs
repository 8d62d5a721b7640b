/**
 * The "bare route" bound: Fastify over the same TLS certificate as the real
 * server, one route that reads a JSON body and answers a small JSON, no logging,
 * no hooks. argv: certificate path, key path. Prints the port once listening.
 */
import { readFileSync } from 'node:fs';

import Fastify from 'fastify';

const [certPath, keyPath] = process.argv.slice(2);
const app = Fastify({
  https: { cert: readFileSync(certPath), key: readFileSync(keyPath) },
  logger: false,
  bodyLimit: 256 * 1024 * 1024,
});

app.post('/bare', async () => ({ Status: 'ok', Owners: ['alice', 'bob', 'carol'], Predicate: '' }));

await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
