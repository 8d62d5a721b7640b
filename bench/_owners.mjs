import { makeCertificate } from './lib/certificate.mjs';
import { startServer } from './lib/server.mjs';
import { prepareUsers, makeBlob } from './lib/fixtures.mjs';
import { runAutocannon } from './lib/load.mjs';
import { cpuSplit } from './lib/server.mjs';
const cert = await makeCertificate();
const env = Object.fromEntries((process.argv[2] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=')));
const server = await startServer({ cert, env });
await prepareUsers(server);
const body = JSON.stringify({ Data: await makeBlob(server, 256) });
const url = `https://127.0.0.1:${server.port}/owners`;
await runAutocannon({ url, body, connections: 8, duration: 1 });

const r = await runAutocannon({ url, body, connections: 8, duration: 4 });
console.log(process.argv[2] ?? 'default', 'req/s', (r['2xx'] / r.duration).toFixed(0));
await server.stop();
