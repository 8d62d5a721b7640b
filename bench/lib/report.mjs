/** Prints a run as Markdown tables (stdout), ready to paste into BENCHMARKS.md. */

/** The original Go server on a 2-core machine, 8 connections (issue 7). */
const GO_SERVER = {
  owners: 5500,
  summary: 18,
  'decrypt 256 B': 9.5,
  delegate: 3.8,
  'encrypt 1 MiB': 7.8,
  'decrypt 1 MiB': 5,
};

/** Issue 7's targets, as a fraction of each workload's bound. */
const TARGETS = {
  owners: 0.5,
  summary: 0.9,
  'encrypt 256 B': 0.9,
  'decrypt 256 B': 0.9,
  // 45 % of scrypt/s, i.e. 90 % of scrypt/s ÷ 2: a delegation costs two derivations.
  delegate: 0.9,
  'encrypt 1 MiB': 0.5,
  'decrypt 1 MiB': 0.5,
  'encrypt 64 MiB': 0.5,
  'decrypt 64 MiB': 0.5,
};
const MAX_LOOP_DELAY_MS = 20;
const MAX_RSS_PAYLOAD_RATIO = 8;
const MAX_VAULT_LOAD_MS = 2000;
const MAX_SUMMARY_EXTRA_MS = 100;

const fixed = (value, digits = 1) => (value === undefined ? '' : value.toFixed(digits));
const rate = (value) => (value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2));
const verdict = (isMet) => (isMet ? 'met' : '**missed**');

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function workloadTable(results) {
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    r.connections,
    rate(r.requestsPerSecond),
    fixed(r.p50Ms),
    fixed(r.p99Ms),
    fixed(r.peakRssMiB, 0),
    fixed(r.loopDelayP99Ms),
    `${fixed(r.cpuMsPerRequest)} / ${fixed(r.loopCpuMsPerRequest)}`,
    `${r.ok}/${r.errors}`,
    GO_SERVER[name] ?? '',
  ]);
  const header = ['workload', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MiB', 'loop delay p99 ms'];
  return table([...header, 'CPU ms/req (all / loop)', 'ok/errors', 'Go req/s'], rows);
}

function boundsTable(bounds) {
  const { bytes } = bounds;
  return table(
    ['bound', 'value'],
    [
      ['scrypt (N=16384, r=8), one call on an idle core', `${fixed(bounds.scryptMs)} ms`],
      ['scrypt with every core busy', `${fixed(bounds.scryptPerSecond)} /s, ${fixed(bounds.scryptCpuMs)} ms CPU each`],
      ...scryptNextToRows(bounds),
      ['AES-128-CBC encrypt, one core', `${fixed(bytes.aesEncrypt, 0)} MiB/s`],
      ['AES-128-CBC decrypt, one core', `${fixed(bytes.aesDecrypt, 0)} MiB/s`],
      ['base64 encode (raw bytes in), one core', `${fixed(bytes.base64Encode, 0)} MiB/s`],
      ['base64 decode (raw bytes out), one core', `${fixed(bytes.base64Decode, 0)} MiB/s`],
      [
        'bare Fastify HTTPS route, 8 connections',
        `${fixed(bounds.bare.requestsPerSecond, 0)} req/s, ${fixed(bounds.bare.cpuMsPerRequest, 2)} ms CPU each`,
      ],
      [
        'TLS alone, server CPU per MiB received / sent (64 MiB bodies)',
        `${fixed(bounds.bare.tls.receiveMsPerMiB, 2)} / ${fixed(bounds.bare.tls.sendMsPerMiB, 2)} ms`,
      ],
    ],
  );
}

/** The scrypt rate measured just before each workload, the bound its fraction uses. */
function scryptNextToRows(bounds) {
  const entries = Object.entries(bounds.scryptNextTo ?? {});
  if (entries.length === 0) return [];
  const rates = entries.map(([, scrypt]) => scrypt.perSecond);
  const list = entries.map(([name, scrypt]) => `${name} ${fixed(scrypt.perSecond)}`).join(', ');
  return [[
    'scrypt with every core busy, just before each workload',
    `${fixed(Math.min(...rates))} to ${fixed(Math.max(...rates))} /s (${list})`,
  ]];
}

function fractionTable(results, fractions) {
  const rows = Object.entries(fractions).map(([name, f]) => {
    const r = results[name];
    const fraction = r.requestsPerSecond / f.bound;
    const target = TARGETS[name];
    return [
      name,
      rate(r.requestsPerSecond),
      `${rate(f.bound)} (${f.of})`,
      fixed(fraction, 2),
      f.withScrypt === undefined ? '' : `${rate(f.withScrypt)} / ${fixed(r.requestsPerSecond / f.withScrypt, 2)}`,
      f.withTls === undefined ? '' : `${rate(f.withTls)} / ${fixed(r.requestsPerSecond / f.withTls, 2)}`,
      `${fixed(f.floorCpuMs, f.floorCpuMs < 1 ? 2 : 1)} / ${fixed(r.cpuMsPerRequest, r.cpuMsPerRequest < 1 ? 2 : 1)} = ${fixed(f.floorCpuMs / r.cpuMsPerRequest, 2)}`,
      target === undefined ? '(none)' : `${target} ${verdict(fraction >= target)}`,
    ];
  });
  const header = ['workload', 'req/s', 'bound req/s', 'fraction', 'bound with its scrypt / fraction', 'with scrypt and TLS / fraction'];
  return table([...header, 'CPU floor / used ms = efficiency', 'target (fraction)'], rows);
}

function otherTargets(report) {
  const { results, extra, bounds } = report;
  const lines = [];
  const saturated = ['summary', 'encrypt 256 B', 'decrypt 256 B', 'delegate'].filter((n) => results[n]);
  for (const name of saturated) {
    const delay = results[name].loopDelayP99Ms;
    lines.push(`- event-loop delay p99 during ${name}: ${fixed(delay)} ms (< ${MAX_LOOP_DELAY_MS}: ${verdict(delay < MAX_LOOP_DELAY_MS)})`);
  }
  if (extra.mixed) {
    const { cheap, background } = extra.mixed;
    lines.push(
      `- /owners on 1 connection while /summary saturates scrypt on 8: p50 ${fixed(cheap.p50Ms)} ms, p99 ${fixed(cheap.p99Ms)} ms, ` +
        `${rate(cheap.requestsPerSecond)} req/s (summary ${rate(background.requestsPerSecond)} req/s); loop delay p99 ${fixed(extra.mixed.loopDelayP99Ms)} ms`,
    );
  }
  if (extra.probe64) {
    const { cheap, background } = extra.probe64;
    lines.push(
      `- /owners on 1 connection while 64 MiB decryptions run on another: p50 ${fixed(cheap.p50Ms)} ms, p99 ${fixed(cheap.p99Ms)} ms, ` +
        `max ${fixed(cheap.maxMs)} ms over ${cheap.ok} requests (decrypt ${rate(background.requestsPerSecond)} req/s); loop delay p99 ${fixed(extra.probe64.loopDelayP99Ms)} ms, max ${fixed(extra.probe64.loopDelayMaxMs)} ms`,
    );
  }
  for (const name of ['encrypt 64 MiB', 'decrypt 64 MiB']) {
    if (!results[name]) continue;
    const ratio = results[name].peakRssMiB / 64;
    lines.push(
      `- peak RSS for ${name}: ${fixed(results[name].peakRssMiB, 0)} MiB = ${fixed(ratio)}x the payload ` +
        `(idle server ${fixed(extra.large64IdleRssMiB, 0)} MiB; < ${MAX_RSS_PAYLOAD_RATIO}x: ${verdict(ratio < MAX_RSS_PAYLOAD_RATIO)})`,
    );
  }
  if (extra.vault) {
    const v = extra.vault;
    lines.push(
      `- vault of ${v.users} users (${fixed(v.vaultMiB)} MiB): server listening after ${fixed(v.largeStartMs, 0)} ms ` +
        `(a 6-user vault: ${fixed(v.smallStartMs, 0)} ms, so loading costs ${fixed(v.loadMs, 0)} ms; < ${MAX_VAULT_LOAD_MS}: ${verdict(v.largeStartMs < MAX_VAULT_LOAD_MS)}); ` +
        `on it /summary takes ${fixed(v.summaryMs, 0)} ms and /create-user (ECC) ${fixed(v.createUserMs, 0)} ms`,
    );
  }
  if (extra.fiveOfNine) {
    lines.push(
      `- 5-of-9 threshold predicate, one request at a time: /encrypt ${fixed(extra.fiveOfNine.encryptMs)} ms, ` +
        `/decrypt ${fixed(extra.fiveOfNine.decryptMs)} ms (one scrypt: ${fixed(bounds.scryptMs)} ms)`,
    );
  }
  if (extra.summaryManyDelegationsMs !== undefined) {
    const beyond = extra.summaryManyDelegationsMs - bounds.scryptMs;
    lines.push(
      `- /summary alone: ${fixed(extra.summarySequentialMs)} ms with 2 live delegations, ${fixed(extra.summaryManyDelegationsMs)} ms ` +
        `with ${extra.liveDelegations}; one scrypt is ${fixed(bounds.scryptMs)} ms, so ${fixed(beyond)} ms beyond it ` +
        `(< ${MAX_SUMMARY_EXTRA_MS}: ${verdict(beyond < MAX_SUMMARY_EXTRA_MS)})`,
    );
  }
  return lines.join('\n');
}

export function printReport(report) {
  const { machine } = report;
  const out = [
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${fixed(machine.memoryGiB)} GiB, node ${machine.node}; ` +
      `load average at start ${report.loadAverage.start}, at end ${report.loadAverage.end}.`,
    `Server: ${JSON.stringify(report.options.server)}; ${report.options.duration} s per workload after a warm-up.`,
    '',
    workloadTable(report.results),
    '',
    boundsTable(report.bounds),
    '',
    fractionTable(report.results, report.fractions),
    '',
    otherTargets(report),
  ];
  console.log(out.join('\n'));
}
