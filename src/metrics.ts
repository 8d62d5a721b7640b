/**
 * Prometheus metrics (prom-client): requests by endpoint and outcome, their
 * durations, failed authentications, live delegations, vault users, the
 * persistence state, and the process's own figures. Label values come from
 * fixed sets (endpoint paths, error codes), never from user input or secrets.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import type { Services } from './services.js';

export interface Metrics {
  registry: Registry;
  observeRequest(endpoint: string, outcome: string, seconds: number): void;
}

const AUTH_FAILURES: Record<string, string> = {
  ERR_WRONG_PASSWORD: 'wrong_password',
  ERR_USER_NOT_PRESENT: 'unknown_user',
  ERR_ADMIN_REQUIRED: 'not_admin',
};

export function createMetrics(services: Services): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'redoctober_' });

  const requests = new Counter({
    name: 'redoctober_requests_total',
    help: 'API requests by endpoint and outcome (ok or an error code)',
    labelNames: ['endpoint', 'outcome'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'redoctober_request_duration_seconds',
    help: 'API request duration by endpoint',
    labelNames: ['endpoint'],
    buckets: [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const failedAuthentications = new Counter({
    name: 'redoctober_failed_authentications_total',
    help: 'Requests refused for their credentials, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });

  new Gauge({
    name: 'redoctober_live_delegations',
    help: 'Delegations currently live',
    registers: [registry],
    collect() {
      this.set(services.delegations.list().length);
    },
  });
  new Gauge({
    name: 'redoctober_vault_users',
    help: 'Users in the vault',
    registers: [registry],
    collect() {
      this.set(services.vault.userCount);
    },
  });
  new Gauge({
    name: 'redoctober_persistence_state',
    help: 'Delegation persistence state (1 for the current one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const state of ['disabled', 'inactive', 'active']) {
        this.set({ state }, services.persistence.state === state ? 1 : 0);
      }
    },
  });

  return {
    registry,
    observeRequest(endpoint, outcome, seconds) {
      requests.inc({ endpoint, outcome });
      durations.observe({ endpoint }, seconds);
      const reason = AUTH_FAILURES[outcome];
      if (reason) failedAuthentications.inc({ reason });
    },
  };
}
