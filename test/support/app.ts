/**
 * Builds the real application in-process and calls it like a client would
 * (Fastify's inject: same routing, parsing and replies, no sockets).
 */
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import type { FastifyInstance } from 'fastify';

import type { AuditLog } from '../../src/audit/audit-log.js';
import type { PersistenceSettings } from '../../src/cryptor/delegation-persistence.js';
import type { Clock } from '../../src/delegation/clock.js';
import { buildApp } from '../../src/http/app.js';
import type { AuthGuard } from '../../src/http/auth-guard.js';
import type { Notifier } from '../../src/order/notifier.js';
import { createLogger } from '../../src/logger.js';
import type { SecondFactorPolicy } from '../../src/second-factor/second-factor.js';
import { openServices, type RegistrationPolicy, type Services } from '../../src/services.js';
import { MemoryVaultStore, type VaultStore } from '../../src/vault/vault-store.js';
import { readFixture } from './fixtures.js';

export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  store: VaultStore;
  logLines: string[];
  /** POSTs a JSON body (or a raw string) and returns the parsed reply. */
  call(endpoint: string, body: unknown): Promise<Record<string, any>>;
  /** Like call, for endpoints whose Response holds base64 JSON: returns it decoded. */
  callDecoded(endpoint: string, body: unknown): Promise<{ Status: string; decoded?: any }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Fixture vault file to start from (a copy in memory), or none for an empty vault. */
  vaultFixture?: string;
  store?: VaultStore;
  clock?: Clock;
  bodyLimit?: number;
  staticPage?: string;
  persistence?: PersistenceSettings | null;
  notifier?: Notifier;
  guard?: AuthGuard;
  acceptUnsignedBlobs?: boolean;
  registration?: Partial<RegistrationPolicy>;
  audit?: { log: AuditLog; failClosed: boolean };
  ordersLocation?: string;
  secondFactor?: Partial<SecondFactorPolicy>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const store = options.store ?? new MemoryVaultStore();
  if (options.vaultFixture) await store.save(readFixture(options.vaultFixture));
  const services = await openServices({ store, clock: options.clock, persistence: options.persistence, notifier: options.notifier, acceptUnsignedBlobs: options.acceptUnsignedBlobs, registration: options.registration, ordersLocation: options.ordersLocation, secondFactor: options.secondFactor });

  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const app = await buildApp({
    services,
    logger,
    webRoot: WEB_ROOT,
    bodyLimit: options.bodyLimit,
    staticPage: options.staticPage,
    guard: options.guard,
    audit: options.audit,
  });

  const call = async (endpoint: string, body: unknown) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await app.inject({ method: 'POST', url: endpoint, payload });
    return JSON.parse(response.body);
  };
  const callDecoded = async (endpoint: string, body: unknown) => {
    const reply = await call(endpoint, body);
    if (reply.Response === undefined) return reply as { Status: string };
    return { Status: reply.Status, decoded: JSON.parse(Buffer.from(reply.Response, 'base64').toString('utf8')) };
  };
  return { app, services, store, logLines, call, callDecoded, close: () => app.close() };
}
