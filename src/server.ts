/**
 * Starting and stopping the server: TLS, the listeners and a clean shutdown.
 * Nothing else lives here.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

import type { Settings } from './config/config.js';
import { AuditLog } from './audit/audit-log.js';
import { configureScrypt } from './crypto/scrypt.js';
import { buildApp } from './http/app.js';
import { AuthGuard, DEFAULT_AUTH_LIMITS, type AuthLimits } from './http/auth-guard.js';
import { createMetrics, type Metrics } from './metrics.js';
import { WebhookNotifier } from './order/notifier.js';
import { FileDelegationStore } from './persist/delegation-store.js';
import { openServices, type Services } from './services.js';
import { loadTls } from './tls.js';

export const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

export interface RunningServer {
  services: Services;
  app: FastifyInstance;
  /** Where the API listens (host and port actually bound). */
  address: AddressInfo;
  metricsAddress: AddressInfo;
  auditLog?: AuditLog;
  /** Re-reads the certificate and key files for new connections (SIGHUP); throws if unusable. */
  reloadCertificates(): void;
  /** Stops accepting, finishes requests in flight, flushes the vault. */
  close(): Promise<void>;
}

const SYSTEMD_FIRST_FD = 3;

/** Listens on the socket systemd passed (socket activation: LISTEN_FDS, first fd 3). */
async function listenOnSystemdSocket(app: FastifyInstance): Promise<void> {
  const count = Number(process.env.LISTEN_FDS ?? '0');
  const pid = process.env.LISTEN_PID;
  if (count < 1 || (pid !== undefined && Number(pid) !== process.pid)) {
    throw new Error('-systemdfds: no socket was passed by systemd (LISTEN_FDS is not set for this process)');
  }
  await app.ready();
  await new Promise<void>((resolve, reject) => {
    app.server.once('error', reject);
    app.server.listen({ fd: SYSTEMD_FIRST_FD }, resolve);
  });
}

/** Splits Go's "host:port" (host may be empty, or a bracketed IPv6 address). */
export function splitHostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  if (colon === -1) throw new Error(`address ${address} has no port`);
  let host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`address ${address} has a bad port`);
  // Go binds "localhost" to the IPv4 loopback; do the same rather than whatever resolves first.
  if (host === 'localhost') host = '127.0.0.1';
  return { host: host === '' ? '::' : host, port };
}

/**
 * Opens the vault and starts listening. Throws (before listening) when the
 * vault, a certificate or a key cannot be used.
 */
export async function startServer(settings: Settings, logger: Logger): Promise<RunningServer> {
  const persistence = settings.persistence && {
    policy: settings.persistence.policy,
    users: settings.persistence.users,
    store: new FileDelegationStore(settings.persistence.location),
  };
  const notifier = settings.notifications
    ? new WebhookNotifier({ url: settings.notifications.webhookUrl, ...settings.notifications, logger })
    : undefined;
  configureScrypt({ concurrency: settings.limits.scrypt_concurrency, maxQueued: settings.limits.scrypt_queue });
  const services = await openServices({
    vaultPath: settings.vaultPath,
    persistence,
    notifier,
    acceptUnsignedBlobs: settings.acceptUnsignedBlobs,
    registration: settings.registration,
    secondFactor: settings.totp,
    ordersLocation: settings.ordersLocation,
  });
  // Lapsed orders are noticed (and their creators told) even when nobody asks.
  const sweep = setInterval(() => services.orders.dropLapsed(), 30_000).unref();
  announceRestart(services);
  const tls = loadTls({ certPaths: settings.certPaths, keyPaths: settings.keyPaths, caPath: settings.caPath });
  const auditLog = settings.audit
    ? await AuditLog.open(settings.audit.file, {
        echo: settings.audit.stdout ? (line) => logger.info({ audit: JSON.parse(line) }, 'audit') : undefined,
      })
    : undefined;
  const metrics = createMetrics(services);
  const app = await buildApp({
    services,
    metrics,
    logger,
    webRoot: WEB_ROOT,
    staticPage: settings.staticPage,
    bodyLimit: settings.bodyLimit,
    https: tls.options,
    guard: new AuthGuard(authLimitsOf(settings)),
    audit: auditLog && { log: auditLog, failClosed: settings.audit!.failClosed },
    maxListItems: settings.limits.max_list_items,
  });

  if (settings.useSystemd) {
    await listenOnSystemdSocket(app);
  } else {
    await app.listen(splitHostPort(settings.address));
  }
  const metricsListener = await startMetricsListener(settings, metrics, logger);

  return {
    services,
    app,
    address: app.server.address() as AddressInfo,
    metricsAddress: metricsListener.address() as AddressInfo,
    auditLog,
    reloadCertificates: () => tls.reload(app.server as unknown as TlsServer),
    close: async () => {
      clearInterval(sweep);
      await Promise.all([app.close(), new Promise((resolve) => metricsListener.close(resolve))]);
      await services.vault.flush();
      await services.persistence.flush().catch(() => undefined);
      await services.notifier.idle();
      await auditLog?.close();
    },
  };
}

function authLimitsOf({ limits }: Settings): AuthLimits {
  const defaults = DEFAULT_AUTH_LIMITS;
  return {
    failuresPerAddress: limits.failures_per_address ?? defaults.failuresPerAddress,
    failuresPerUser: limits.failures_per_user ?? defaults.failuresPerUser,
    userWindowSeconds: limits.user_window_seconds ?? defaults.userWindowSeconds,
    consecutiveFailures: limits.consecutive_failures ?? defaults.consecutiveFailures,
    maxBackoffSeconds: limits.max_backoff_seconds ?? defaults.maxBackoffSeconds,
  };
}

function announceRestart(services: Services): void {
  const inactive = services.persistence.state === 'inactive';
  services.notifier.notify(
    inactive
      ? 'Red October has restarted. Persistence is inactive: the restore users need to /restore the saved delegations.'
      : 'Red October has restarted.',
  );
}

/** Prometheus text format on any path, over plain HTTP as in the original. */
async function startMetricsListener(settings: Settings, metrics: Metrics, logger: Logger): Promise<HttpServer> {
  const server = createHttpServer((_request, response) => {
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  const { host, port } = splitHostPort(`${settings.metricsHost}:${settings.metricsPort}`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  logger.info({ address: server.address() }, 'metrics listening');
  return server;
}
