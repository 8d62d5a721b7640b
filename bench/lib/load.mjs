/**
 * Drives one workload with autocannon and gathers what the server did during
 * it. Red October answers failures with HTTP 200 and a Status, so every reply
 * is checked to start with {"Status":"ok" and the others are counted as errors.
 */
import autocannon from 'autocannon';

const OK_PREFIX = '{"Status":"ok"';

/** Runs autocannon to completion; `options` are autocannon's own. */
export function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        verifyBody: (body) => body.startsWith(OK_PREFIX),
        timeout: 600,
        ...options,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function summarise(result) {
  const ok = result['2xx'] - result.mismatches;
  return {
    ok,
    errors: result.errors + result.mismatches + result.non2xx,
    seconds: result.duration,
    requestsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}

/**
 * One measured workload against `server`: a warm-up (unmeasured), then the
 * run inside a measurement window (event-loop delay, peak RSS, CPU).
 * `workload`: { path, body | requests, connections, duration | amount, warmupSeconds }.
 */
export async function measureWorkload(server, workload) {
  const url = `https://127.0.0.1:${server.port}${workload.path}`;
  const shape = workload.requests ? { requests: workload.requests } : { body: workload.body };
  const connections = workload.connections ?? 8;
  if (workload.warmupSeconds) {
    await runAutocannon({ url, ...shape, connections, duration: workload.warmupSeconds });
  }

  const window = await server.beginWindow();
  const length = workload.amount ? { amount: workload.amount } : { duration: workload.duration };
  const result = await runAutocannon({ url, ...shape, connections, ...length });
  const during = await server.endWindow(window);
  const summary = summarise(result);
  return {
    connections,
    ...summary,
    ...during,
    cpuMsPerRequest: (during.cpuSeconds * 1000) / summary.ok,
    loopCpuMsPerRequest: (during.loopCpuSeconds * 1000) / summary.ok,
  };
}

/**
 * A cheap request's latency while expensive ones saturate the server:
 * `background` runs at full concurrency and `probe` (one connection) beside it.
 */
export async function measureMixed(server, background, probe) {
  const target = (workload) => `https://127.0.0.1:${server.port}${workload.path}`;
  const window = await server.beginWindow();
  const [loaded, cheap] = await Promise.all([
    runAutocannon({ url: target(background), body: background.body, connections: 8, duration: background.duration }),
    runAutocannon({ url: target(probe), body: probe.body, connections: 1, duration: background.duration }),
  ]);
  const during = await server.endWindow(window);
  return { background: summarise(loaded), cheap: summarise(cheap), ...during };
}

/**
 * A cheap request's latency while `background` (given as an amount of
 * requests) runs: `probe` keeps one connection busy until the background is done.
 */
export async function measureProbeDuring(server, background, probe) {
  const target = (workload) => `https://127.0.0.1:${server.port}${workload.path}`;
  const window = await server.beginWindow();
  let stopProbe;
  const cheap = new Promise((resolve, reject) => {
    const run = autocannon(
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        verifyBody: (body) => body.startsWith(OK_PREFIX),
        url: target(probe),
        body: probe.body,
        connections: 1,
        duration: 3600,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    stopProbe = () => run.stop();
  });
  const loaded = await runAutocannon({
    url: target(background),
    body: background.body,
    connections: background.connections ?? 1,
    amount: background.amount,
  });
  stopProbe();
  const during = await server.endWindow(window);
  return { background: summarise(loaded), cheap: summarise(await cheap), ...during };
}

