/** Prometheus metrics: bounded labels, real counts, no secrets. */
import { describe, expect, it } from 'vitest';

import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { openServices } from '../../src/services.js';
import { MemoryVaultStore } from '../../src/vault/vault-store.js';
import { WEB_ROOT } from '../support/app.js';
import { readFixture } from '../support/fixtures.js';

describe('metrics', () => {
  it('counts requests by endpoint and outcome, failed logins and live delegations', async () => {
    const store = new MemoryVaultStore();
    await store.save(readFixture('vault.json'));
    const services = await openServices({ store });
    const metrics = createMetrics(services);
    const app = await buildApp({ services, metrics, logger: createLogger({ level: 'silent' }), webRoot: WEB_ROOT });
    const call = (url: string, body: unknown) => app.inject({ method: 'POST', url, payload: JSON.stringify(body) });

    await call('/summary', { Name: 'Alice', Password: 'Lewis-Carroll-1865' });
    await call('/summary', { Name: 'Alice', Password: 'not-the-password' });
    await call('/summary', { Name: 'Nobody-7f3a', Password: 'x' });
    await call('/delegate', { Name: 'Bob', Password: "bob's secret phrase", Uses: 1, Time: '1h' });
    await app.inject({ method: 'GET', url: '/some/page/9d2c' });

    const text = await metrics.registry.metrics();
    expect(text).toContain('redoctober_requests_total{endpoint="/summary",outcome="ok"} 1');
    expect(text).toContain('redoctober_requests_total{endpoint="/summary",outcome="ERR_WRONG_PASSWORD"} 1');
    expect(text).toContain('redoctober_requests_total{endpoint="web",outcome="ok"} 1');
    expect(text).toContain('redoctober_failed_authentications_total{reason="wrong_password"} 1');
    expect(text).toContain('redoctober_failed_authentications_total{reason="unknown_user"} 1');
    expect(text).toContain('redoctober_live_delegations 1');
    expect(text).toContain('redoctober_vault_users 8');
    expect(text).toContain('redoctober_persistence_state{state="disabled"} 1');
    expect(text).toMatch(/redoctober_request_duration_seconds_count\{endpoint="\/delegate"\} 1/);
    expect(text).toContain('redoctober_process_cpu_seconds_total');
    for (const secret of ['not-the-password', 'Nobody-7f3a', '9d2c', "bob's secret"]) expect(text).not.toContain(secret);
  });
});
