/**
 * The fuzz suite's target and referee: the real application in-process on a
 * vault file (and a delegation store) in a temporary folder, and one `send`
 * that throws a request at it and checks what every reply must be, whatever
 * the request was:
 *
 * - HTTP 200 (413 for an oversize body; 429 and 503 only with the guard's own
 *   statuses), Content-Type application/json, a JSON object with a string
 *   `Status`, and nothing but `Status` when it is not "ok";
 * - no stack trace, file path, exception name or JS artefact (`undefined`,
 *   `[object Object]`, `NaN`) in the reply, unless the request itself carried
 *   that text and the status merely echoes it, as the original's statuses do;
 * - the vault file byte-identical unless the request was a mutation that
 *   answered "ok" (and then it still loads); the delegation store likewise;
 * - an answer within a bounded time (a hang fails the test).
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'vitest';

import { FileDelegationStore } from '../../src/persist/delegation-store.js';
import { Vault } from '../../src/vault/vault.js';
import { FileVaultStore } from '../../src/vault/vault-store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { fixturePath, readFixtureJson } from '../support/fixtures.js';

export type Reply = Record<string, any>;

export const ALICE = { Name: 'Alice', Password: 'Lewis-Carroll-1865' };

/** Every fixture user's password, by name (users.json). */
export const PASSWORDS: Record<string, string> = Object.fromEntries(
  readFixtureJson('users.json').users.map((user: { name: string; password: string }) => [
    user.name,
    user.password,
  ]),
);

export const credentialsOf = (name: string) => ({ Name: name, Password: PASSWORDS[name]! });

/** The fixture vault's HMAC key, with which a test can sign blobs of its own. */
export const HMAC_KEY = Buffer.from(readFixtureJson('vault.json').HmacKey as string, 'base64');
export const VAULT_ID = readFixtureJson('vault.json').VaultId as number;

export type FieldKind = 'string' | 'int' | 'bytes' | 'strings';

const CREDENTIALS = { Name: 'string', Password: 'string' } as const;
const DELEGATE_FIELDS = {
  ...CREDENTIALS,
  Uses: 'int',
  Time: 'string',
  Slot: 'string',
  Users: 'strings',
  Labels: 'strings',
} as const;
const ENCRYPT_FIELDS = {
  ...CREDENTIALS,
  Minimum: 'int',
  Owners: 'strings',
  LeftOwners: 'strings',
  RightOwners: 'strings',
  Predicate: 'string',
  Data: 'bytes',
  Labels: 'strings',
  Usages: 'strings',
} as const;

/**
 * Every endpoint with the Go struct its body decodes into (the original's
 * core package), written from the reference rather than read from our routes.
 */
export const ENDPOINTS: Record<string, { struct: string; fields: Record<string, FieldKind> }> = {
  '/create': { struct: 'CreateRequest', fields: CREDENTIALS },
  '/create-user': {
    struct: 'CreateUserRequest',
    fields: { ...CREDENTIALS, UserType: 'string', HipchatName: 'string' },
  },
  '/summary': { struct: 'SummaryRequest', fields: CREDENTIALS },
  '/purge': { struct: 'PurgeRequest', fields: CREDENTIALS },
  '/delegate': { struct: 'DelegateRequest', fields: DELEGATE_FIELDS },
  '/password': {
    struct: 'PasswordRequest',
    fields: { ...CREDENTIALS, NewPassword: 'string', HipchatName: 'string' },
  },
  '/encrypt': { struct: 'EncryptRequest', fields: ENCRYPT_FIELDS },
  '/re-encrypt': { struct: 'ReEncryptRequest', fields: ENCRYPT_FIELDS },
  '/decrypt': { struct: 'DecryptRequest', fields: { ...CREDENTIALS, Data: 'bytes' } },
  '/ssh-sign-with': {
    struct: 'SSHSignWithRequest',
    // Algorithm is ours (RSA signature schemes beyond the original's ssh-rsa).
    fields: { ...CREDENTIALS, Data: 'bytes', TBSData: 'bytes', Algorithm: 'string' },
  },
  '/owners': { struct: 'OwnersRequest', fields: { Data: 'bytes' } },
  '/modify': {
    struct: 'ModifyRequest',
    fields: { ...CREDENTIALS, ToModify: 'string', Command: 'string' },
  },
  '/export': { struct: 'ExportRequest', fields: CREDENTIALS },
  '/order': {
    struct: 'OrderRequest',
    fields: {
      ...CREDENTIALS,
      Duration: 'string',
      Uses: 'int',
      Users: 'strings',
      EncryptedData: 'bytes',
      Labels: 'strings',
    },
  },
  '/orderout': { struct: 'OrderOutstandingRequest', fields: CREDENTIALS },
  '/orderinfo': { struct: 'OrderInfoRequest', fields: { ...CREDENTIALS, OrderNum: 'string' } },
  '/ordercancel': { struct: 'OrderCancelRequest', fields: { ...CREDENTIALS, OrderNum: 'string' } },
  '/restore': { struct: 'DelegateRequest', fields: DELEGATE_FIELDS },
  '/reset-persisted': { struct: 'PurgeRequest', fields: CREDENTIALS },
  '/status': { struct: 'StatusRequest', fields: CREDENTIALS },
};

export const ENDPOINT_PATHS = Object.keys(ENDPOINTS);

/** Endpoints that may write the vault file when they answer "ok". */
const VAULT_MUTATIONS = new Set(['/create', '/create-user', '/password', '/modify', '/delegate']);

/** The guard's refusals (issue #6): a clear status, but not HTTP 200. */
const GUARD_STATUSES: Record<number, RegExp> = {
  413: /^request body too large$/,
  429: /^too many failed attempts/,
  503: /^server busy/,
};

// Signs of an internal detail reaching the client.
const LEAKS: RegExp[] = [
  /\n\s+at /,
  /\bat [\w$.<>]+ \(/,
  /\.(?:[cm]?[jt]s|json):\d+/,
  /node_modules/,
  /file:\/\//,
  /\/(?:work|tmp|home|usr|var|root)\//,
  /\b\w*Error\b/,
  /\bE(?:NOENT|ACCES|NOSPC|EXIST|PERM|ISDIR|MFILE)\b/,
  /\bundefined\b/,
  /\[object \w+\]/,
  /\bNaN\b/,
  /Maximum call stack/,
];

const ANSWER_TIMEOUT_MS = 20_000;

export interface Shot {
  endpoint: string;
  /** The body as sent: JSON text, or raw bytes (e.g. invalid UTF-8). */
  payload: string | Buffer;
  method?: string;
  headers?: Record<string, string>;
  /**
   * The body is invalid by construction: it must not answer "ok", and it must
   * leave the vault byte-identical whatever the endpoint.
   */
  invalid?: boolean;
}

export interface Answer {
  statusCode: number;
  reply: Reply;
}

export class FuzzTarget {
  /** Requests thrown so far, checks included. */
  requests = 0;
  /** Replies by HTTP status, for the closing log line. */
  readonly byHttpStatus = new Map<number, number>();
  private vaultBytes: Buffer = Buffer.alloc(0);
  private storeBytes: Buffer | null = null;

  private constructor(
    readonly t: TestApp,
    readonly folder: string,
    readonly vaultPath: string,
    readonly storePath: string,
  ) {}

  /**
   * The fixture vault, plus delegation persistence set up as the original's
   * fixture (policy "Bob & Erin") with its stored delegations waiting for
   * /restore, so that /restore, /status and /reset-persisted do real work.
   */
  static async start(options: { bodyLimit: number }): Promise<FuzzTarget> {
    const folder = await mkdtemp(join(tmpdir(), 'ro-fuzz-'));
    const vaultPath = join(folder, 'vault.json');
    const storePath = join(folder, 'persisted.json');
    await copyFile(fixturePath('vault.json'), vaultPath);
    await copyFile(fixturePath('persistence/persisted-delegations.json'), storePath);

    const t = await startTestApp({
      store: new FileVaultStore(vaultPath),
      persistence: {
        policy: '(Bob & Erin)',
        users: ['Bob', 'Erin'],
        store: new FileDelegationStore(storePath),
      },
      bodyLimit: options.bodyLimit,
    });
    const target = new FuzzTarget(t, folder, vaultPath, storePath);
    await target.rememberFiles();
    return target;
  }

  async close(): Promise<void> {
    await this.t.close();
    await rm(this.folder, { recursive: true, force: true });
  }

  /** Throws one request and checks every invariant; returns the parsed reply. */
  async send(shot: Shot): Promise<Answer> {
    this.requests++;
    const response = await withTimeout(
      this.t.app.inject({
        method: (shot.method ?? 'POST') as 'POST',
        url: shot.endpoint,
        payload: shot.payload,
        headers: shot.headers,
        // One address per request: the brute-force guard (its own tests) must not turn the
        // fuzzer's deliberate failures into lockouts of the names it reuses.
        remoteAddress: addressFor(this.requests),
      }),
      `${shot.endpoint} did not answer within ${ANSWER_TIMEOUT_MS} ms`,
    );
    this.byHttpStatus.set(
      response.statusCode,
      (this.byHttpStatus.get(response.statusCode) ?? 0) + 1,
    );
    const where = `${shot.method ?? 'POST'} ${shot.endpoint} ${describePayload(shot.payload)}`;

    expect(response.headers['content-type'], where).toBe('application/json');
    let reply: Reply;
    try {
      reply = JSON.parse(response.body) as Reply;
    } catch {
      throw new Error(`${where}: the reply is not JSON: ${response.body.slice(0, 200)}`);
    }
    expect(typeof reply === 'object' && reply !== null && !Array.isArray(reply), where).toBe(true);
    expect(typeof reply.Status, `${where}: Status`).toBe('string');
    checkHttpStatus(response.statusCode, reply.Status as string, where);
    if (reply.Status !== 'ok') expect(Object.keys(reply), where).toEqual(['Status']);
    checkNoLeak(reply.Status as string, shot.payload, where);

    if (shot.invalid)
      expect(reply.Status, `${where}: an invalid request answered ok`).not.toBe('ok');
    await this.checkFiles(shot, reply.Status === 'ok', where);
    return { statusCode: response.statusCode, reply };
  }

  /**
   * Sends invalid shots `width` at a time (scrypt runs on the thread pool, so
   * refusals that reach a password check overlap). Only invalid ones: with
   * several in flight, a file change could not be pinned on one of them, but
   * for invalid shots any change at all is a failure.
   */
  async sendAll(shots: Shot[], width = 4): Promise<Answer[]> {
    expect(shots.every((shot) => shot.invalid)).toBe(true);
    const answers: Answer[] = new Array(shots.length);
    let next = 0;
    const worker = async () => {
      while (next < shots.length) {
        const index = next++;
        answers[index] = await this.send(shots[index]!);
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    return answers;
  }

  /** `send` for a JSON body (anything JSON.stringify takes). */
  sendJson(endpoint: string, body: unknown, options: Omit<Shot, 'endpoint' | 'payload'> = {}) {
    return this.send({ endpoint, payload: JSON.stringify(body), ...options });
  }

  /** A request that must succeed (set-up and checks), with the reply. */
  async expectOk(endpoint: string, body: unknown): Promise<Reply> {
    const { reply } = await this.sendJson(endpoint, body);
    expect(reply.Status, `${endpoint} ${JSON.stringify(body).slice(0, 200)}`).toBe('ok');
    return reply;
  }

  /** The server still answers the admin's /summary, with every user it had. */
  async expectAdminServed(): Promise<Reply> {
    const reply = await this.expectOk('/summary', ALICE);
    expect(Object.keys(reply.All)).toEqual(expect.arrayContaining(['Alice', 'Bob', 'Erin']));
    return reply;
  }

  private async rememberFiles(): Promise<void> {
    this.vaultBytes = await readFile(this.vaultPath);
    this.storeBytes = await readFile(this.storePath).catch(() => null);
  }

  private async checkFiles(shot: Shot, answeredOk: boolean, where: string): Promise<void> {
    const vault = await readFile(this.vaultPath);
    if (!vault.equals(this.vaultBytes)) {
      const mayWrite = answeredOk && !shot.invalid && VAULT_MUTATIONS.has(shot.endpoint);
      expect(mayWrite, `${where}: the vault file changed`).toBe(true);
      // A valid mutation: what it wrote must load again, every record included.
      await Vault.open(new FileVaultStore(this.vaultPath));
    }
    const store = await readFile(this.storePath).catch(() => null);
    const storeChanged =
      (store === null) !== (this.storeBytes === null) ||
      (store !== null && !store.equals(this.storeBytes!));
    if (storeChanged)
      expect(answeredOk && !shot.invalid, `${where}: the delegation store changed`).toBe(true);
    this.vaultBytes = vault;
    this.storeBytes = store;
  }
}

function addressFor(count: number): string {
  return `10.${(count >> 16) & 255}.${(count >> 8) & 255}.${count & 255}`;
}

function checkHttpStatus(statusCode: number, status: string, where: string): void {
  if (statusCode === 200) return;
  const allowed = GUARD_STATUSES[statusCode];
  expect(allowed, `${where}: HTTP ${statusCode} with ${JSON.stringify(status)}`).toBeDefined();
  expect(status, where).toMatch(allowed!);
}

/**
 * Fails when the status shows an internal detail. A status may quote the
 * request (the original's statuses name unknown users, durations and so on),
 * so text the request itself contained is not a leak. Only `Status` is read:
 * other fields of an "ok" reply are base64 or names, where these patterns
 * would be chance.
 */
function checkNoLeak(status: string, payload: string | Buffer, where: string): void {
  const sent = typeof payload === 'string' ? payload : payload.toString('utf8');
  const sentStrings = [sent, ...stringsIn(sent)];
  for (const pattern of LEAKS) {
    const match = pattern.exec(status);
    if (match === null) continue;
    const echoed = sentStrings.some((text) => text.includes(match[0]));
    const shown = JSON.stringify(status.slice(0, 300));
    expect(echoed, `${where}: the status leaks ${JSON.stringify(match[0])}: ${shown}`).toBe(true);
  }
}

/** Every string inside a JSON text (decoded), to recognise echoes. */
function stringsIn(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 64) return;
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach((item) => walk(item, depth + 1));
    else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        out.push(key);
        walk(item, depth + 1);
      }
    }
  };
  walk(value, 0);
  return out;
}

function describePayload(payload: string | Buffer): string {
  const text =
    typeof payload === 'string'
      ? payload
      : `<${payload.length} bytes> ${payload.toString('latin1')}`;
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ANSWER_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
