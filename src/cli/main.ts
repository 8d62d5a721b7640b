#!/usr/bin/env node
/**
 * The `redoctober` command: the original's flags, then the server until a
 * signal stops it.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { verifyAuditLog } from '../audit/audit-log.js';

import { ConfigError, loadConfigFile, resolveSettings } from '../config/config.js';
import { createLogger } from '../logger.js';
import { startServer } from '../server.js';
import { VaultLoadError } from '../vault/vault.js';
import { ensureDevCertificate } from './dev-cert.js';
import { parseFlags, USAGE, type Flags } from './flags.js';
import { permissionWarnings } from './permissions.js';

// Relative to where the server is started: the repository for `npm start`.
const DEV_CERT_DIRECTORY = resolve('certs');

function fail(message: string, code = 2): never {
  process.stderr.write(`redoctober: ${message}\n`);
  process.exit(code);
}

/** `redoctober audit verify FILE`: checks an audit trail's chain; exit 0 if intact. */
async function auditCommand(args: string[]): Promise<void> {
  const [verb, file] = args;
  if (verb !== 'verify' || file === undefined) fail('usage: redoctober audit verify FILE');
  const text = await readFile(file, 'utf8').catch((error: Error) => fail(`${file}: ${error.message}`));
  const verdict = verifyAuditLog(text);
  if (verdict.ok) {
    // Cutting lines from the end leaves a whole chain: the last hash is what a kept copy is compared with.
    process.stdout.write(`${file}: ${verdict.entries} entries, chain intact, last hash ${verdict.lastHash}\n`);
    return;
  }
  fail(`${file}: broken at line ${verdict.line}: ${verdict.reason}`, 1);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'audit') return auditCommand(process.argv.slice(3));
  let flags: Flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }

  const logger = createLogger();
  let settings;
  try {
    settings = resolveSettings(flags, flags.configFile ? loadConfigFile(flags.configFile) : undefined);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  if (settings.certPaths.length === 0 && settings.keyPaths.length === 0) {
    const dev = await ensureDevCertificate(DEV_CERT_DIRECTORY);
    settings.certPaths = [dev.certPath];
    settings.keyPaths = [dev.keyPath];
    logger.warn(
      { certificate: dev.certPath, created: dev.created },
      'NO CERTIFICATE GIVEN: serving with a self-signed DEVELOPMENT certificate; use -certs and -keys in production',
    );
  }
  const secrets = [...settings.keyPaths, ...(settings.persistence ? [settings.persistence.location] : [])];
  if (settings.vaultPath !== 'memory') secrets.push(settings.vaultPath);
  for (const warning of permissionWarnings(secrets)) logger.warn({ warning }, 'secret file permissions');
  if (settings.hipchatConfigured) {
    logger.warn('HipChat settings are accepted but unsupported: HipChat no longer exists');
  }

  let server;
  try {
    server = await startServer(settings, logger);
  } catch (error) {
    if (error instanceof VaultLoadError) fail(error.message, 1);
    fail((error as Error).message, 1);
  }
  logger.info(
    { address: server.address, vault: settings.vaultPath, users: server.services.vault.userCount },
    'redoctober listening',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    let outcome = 'ok';
    try {
      server.reloadCertificates();
      logger.info('certificates reloaded');
    } catch (error) {
      outcome = 'failed';
      logger.error({ err: (error as Error).message }, 'certificate reload failed; keeping the old ones');
    }
    server.auditLog?.record({ event: 'certificates-reloaded', outcome }).catch(() => undefined);
  });
  await server.auditLog?.record({ event: 'server-started', outcome: 'ok', persistence: server.services.persistence.state });
}

main().catch((error) => fail(`unexpected failure: ${(error as Error).stack ?? error}`, 1));
