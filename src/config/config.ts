/**
 * Settings: the original's flags and its JSON config file (`-f`), in the
 * original's shape. When both set something the file wins, as in the original;
 * our own new settings are new keys in the same file. An invalid file is
 * refused before the server listens, with the offending key named.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import type { Flags } from '../cli/flags.js';

// Strict: a misspelt key (`admin_olny`) would otherwise leave a security
// setting at its default without a word. The original's keys are all here.
const configFileSchema = z.strictObject({
  server: z
    .strictObject({
      address: z.string().optional(),
      ca_path: z.string().optional(),
      private_keys: z.string().optional(),
      certificates: z.string().optional(),
      use_systemd: z.boolean().optional(),
      /** Ours: largest request body in bytes. */
      body_limit: z.number().int().positive().optional(),
    })
    .optional(),
  ui: z.strictObject({ root: z.string().optional(), static: z.string().optional() }).optional(),
  metrics: z.strictObject({ host: z.string().optional(), port: z.string().optional() }).optional(),
  reporting: z.strictObject({ sentry_dsn: z.string().optional() }).optional(),
  hipchat: z
    .strictObject({
      host: z.string().optional(),
      room: z.string().optional(),
      id: z.string().optional(),
      api_key: z.string().optional(),
    })
    .optional(),
  /** Ours: bounds on what clients can make the server do. */
  limits: z
    .strictObject({
      failures_per_address: z.number().int().positive().optional(),
      failures_per_user: z.number().int().positive().optional(),
      user_window_seconds: z.number().int().positive().optional(),
      consecutive_failures: z.number().int().positive().optional(),
      max_backoff_seconds: z.number().int().positive().optional(),
      max_list_items: z.number().int().positive().optional(),
      scrypt_concurrency: z.number().int().positive().optional(),
      scrypt_queue: z.number().int().nonnegative().optional(),
    })
    .optional(),
  /** Ours: who may register. The defaults are the original's: anyone, any non-empty password. */
  registration: z
    .strictObject({
      admin_only: z.boolean().optional(),
      min_password_length: z.number().int().min(1).max(1024).optional(),
    })
    .optional(),
  /** Ours: a file where orders survive restarts. */
  orders: z.strictObject({ location: z.string().min(1) }).optional(),
  /** Ours: the tamper-evident audit trail (JSON lines). */
  audit: z
    .strictObject({
      file: z.string().min(1),
      fail_closed: z.boolean().optional(),
      stdout: z.boolean().optional(),
    })
    .optional(),
  /** Ours: accept the original's legacy unsigned (version 1) blobs. */
  compatibility: z.strictObject({ accept_unsigned_blobs: z.boolean().optional() }).optional(),
  /** Ours: the TOTP second factor; by default only enrolled users give codes, on /delegate, /restore, /password. */
  totp: z
    .strictObject({
      required_for: z.enum(['delegate', 'all']).optional(),
      require_enrolment: z.boolean().optional(),
    })
    .optional(),
  /** Ours: where notifications for people go (replaces the original's HipChat). */
  notifications: z
    .strictObject({
      webhook_url: z.url({ protocol: /^https?$/ }),
      timeout_ms: z.number().int().positive().optional(),
      attempts: z.number().int().min(1).max(10).optional(),
    })
    .optional(),
  delegations: z
    .strictObject({
      persist: z.boolean().optional(),
      policy: z.string().optional(),
      users: z.array(z.string()).nullable().optional(),
      mechanism: z.string().optional(),
      location: z.string().optional(),
    })
    .optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;

export interface Settings {
  address: string;
  vaultPath: string;
  certPaths: string[];
  keyPaths: string[];
  caPath?: string;
  useSystemd: boolean;
  staticPage?: string;
  uiRoot?: string;
  metricsHost: string;
  metricsPort: string;
  bodyLimit?: number;
  /** HipChat is gone; set when the operator still configures it, so we can say so. */
  hipchatConfigured: boolean;
  notifications?: { webhookUrl: string; timeoutMs?: number; attempts?: number };
  limits: NonNullable<ConfigFile['limits']>;
  acceptUnsignedBlobs: boolean;
  totp: { requiredFor: 'delegate' | 'all'; requireEnrolment: boolean };
  audit?: { file: string; failClosed: boolean; stdout: boolean };
  ordersLocation?: string;
  registration: { adminOnly: boolean; minPasswordLength: number };
  /** Delegation persistence, when the config file turns it on. */
  persistence: { policy: string; users: string[]; location: string } | null;
}

export const DEFAULT_ADDRESS = 'localhost:8080';
export const DEFAULT_METRICS_HOST = 'localhost';
export const DEFAULT_METRICS_PORT = '8081';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates a config file; throws ConfigError naming the file and key. */
export function loadConfigFile(path: string): ConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`config file ${path}: ${(error as Error).message}`);
  }
  const result = configFileSchema.safeParse(lowerCaseKeys(parsed));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = [...issue.path, issue.keys[0]!].join('.');
      throw new ConfigError(`config file ${path}: key "${key}": unknown key (misspelt?)`);
    }
    throw new ConfigError(`config file ${path}: key "${issue.path.join('.')}": ${issue.message}`);
  }
  return result.data;
}

/** Go matches JSON keys to struct fields whatever their case, so `"Server"` works in the original too. */
function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key.toLowerCase(), lowerCaseKeys(member)]));
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

/** Combines defaults, flags and the config file (file wins). */
export function resolveSettings(flags: Flags, file: ConfigFile = {}): Settings {
  const hipchat = file.hipchat ?? {};
  return {
    address: file.server?.address || flags.addr || DEFAULT_ADDRESS,
    vaultPath: flags.vaultPath,
    certPaths: splitList(file.server?.certificates || flags.certs),
    keyPaths: splitList(file.server?.private_keys || flags.keys),
    caPath: file.server?.ca_path || flags.ca || undefined,
    useSystemd: file.server?.use_systemd ?? flags.systemdFds,
    staticPage: file.ui?.static || flags.staticPage || undefined,
    uiRoot: file.ui?.root || flags.roHost || undefined,
    metricsHost: file.metrics?.host || flags.metricsHost || DEFAULT_METRICS_HOST,
    metricsPort: file.metrics?.port || flags.metricsPort || DEFAULT_METRICS_PORT,
    bodyLimit: file.server?.body_limit,
    hipchatConfigured: Boolean(hipchat.api_key || hipchat.room || hipchat.host || flags.hipchat.key || flags.hipchat.room),
    limits: file.limits ?? {},
    acceptUnsignedBlobs: file.compatibility?.accept_unsigned_blobs ?? false,
    ordersLocation: file.orders?.location,
    audit: file.audit && {
      file: file.audit.file,
      failClosed: file.audit.fail_closed ?? true,
      stdout: file.audit.stdout ?? false,
    },
    registration: {
      adminOnly: file.registration?.admin_only ?? false,
      minPasswordLength: file.registration?.min_password_length ?? 1,
    },
    notifications: file.notifications && {
      webhookUrl: file.notifications.webhook_url,
      timeoutMs: file.notifications.timeout_ms,
      attempts: file.notifications.attempts,
    },
    totp: {
      requiredFor: file.totp?.required_for ?? 'delegate',
      requireEnrolment: file.totp?.require_enrolment ?? false,
    },
    persistence: persistenceOf(file.delegations),
  };
}

/** The original refuses a persistence config missing any of these; so do we, naming the key. */
function persistenceOf(delegations: ConfigFile['delegations']): Settings['persistence'] {
  if (!delegations?.persist) return null;
  if ((delegations.mechanism ?? '') !== 'file') {
    throw new ConfigError('key "delegations.mechanism": persist: invalid persistence mechanism (only "file")');
  }
  const missing = (['policy', 'users', 'location'] as const).find((key) => {
    const value = delegations[key];
    return value === undefined || value === null || value.length === 0;
  });
  if (missing) throw new ConfigError(`key "delegations.${missing}": persist: invalid configuration (required)`);
  return { policy: delegations.policy!, users: delegations.users!, location: delegations.location! };
}
