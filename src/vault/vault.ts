/**
 * The password vault: who the users are, their sealed keys, the vault's id and
 * HMAC key. Reads are synchronous against the in-memory copy; every mutation
 * is serialised, written through the store, and only then made visible, so the
 * memory never runs ahead of the disk and no concurrent write is lost.
 */
import { randomKey, randomVaultId } from '../crypto/random.js';
import type { KeyType, PrivateKey, RecipientKey } from '../crypto/key-wrap.js';
import { RoError } from '../errors.js';
import { SerialQueue } from '../serial-queue.js';
import { parseVault, serializeVault, VaultFormatError, type VaultContents } from './vault-codec.js';
import {
  checkPassword,
  createRecord,
  recipientOf,
  resealRecord,
  toPrivateKey,
  unsealRecord,
  type KeyMaterial,
  type TotpEnrolment,
  type VaultRecord,
} from './vault-record.js';
import type { VaultStore } from './vault-store.js';

const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const VAULT_VERSION = 1;

/**
 * Throws the original's statuses for a bad user name or an empty password,
 * and ERR_PASSWORD_TOO_SHORT below the operator's minimum (1, as the original, by default).
 */
export function validateNameAndPassword(name: string, password: string, minPasswordLength = 1): void {
  if (!VALID_NAME.test(name)) throw new RoError('ERR_INVALID_NAME');
  if (password === '') throw new RoError('ERR_EMPTY_PASSWORD');
  checkPasswordLength(password, minPasswordLength);
}

/** Counts characters (code points), not bytes. */
export function checkPasswordLength(password: string, minPasswordLength: number): void {
  if ([...password].length < minPasswordLength) {
    throw new RoError('ERR_PASSWORD_TOO_SHORT', `Password must be at least ${minPasswordLength} characters`);
  }
}

export interface UserSummary {
  admin: boolean;
  type: KeyType;
}

/** The vault file could not be read or is not a valid vault; the server must not start. */
export class VaultLoadError extends Error {
  constructor(location: string, problem: string, options?: { cause?: unknown }) {
    super(`cannot load vault ${location}: ${problem}`, options);
    this.name = 'VaultLoadError';
  }
}

export class Vault {
  private contents: VaultContents;
  private changes = 0;
  private readonly writes = new SerialQueue();
  private readonly recipients = new Map<string, RecipientKey>();

  private constructor(
    private readonly store: VaultStore,
    contents: VaultContents,
  ) {
    this.contents = contents;
  }

  /**
   * Loads the vault from its store. A missing vault is an empty one with a
   * fresh id and HMAC key (kept in memory until the first user is written, as
   * the original does). Throws VaultLoadError for an unreadable or invalid file.
   */
  static async open(store: VaultStore): Promise<Vault> {
    let bytes: Buffer | null;
    try {
      bytes = await store.load();
    } catch (error) {
      throw new VaultLoadError(store.location, (error as Error).message, { cause: error });
    }
    if (bytes === null || bytes.length === 0) return new Vault(store, emptyContents());

    try {
      const contents = parseVault(bytes.toString('utf8'));
      return new Vault(store, contents.version === 0 ? emptyContents() : contents);
    } catch (error) {
      if (error instanceof VaultFormatError) throw new VaultLoadError(store.location, error.message);
      throw error;
    }
  }

  get location(): string {
    return this.store.location;
  }

  get isCreated(): boolean {
    return this.contents.records.size > 0;
  }

  get vaultId(): number {
    return this.contents.vaultId;
  }

  get hmacKey(): Buffer {
    return this.contents.hmacKey;
  }

  get userCount(): number {
    return this.contents.records.size;
  }

  getRecord(name: string): VaultRecord | undefined {
    return this.contents.records.get(name);
  }

  hasUser(name: string): boolean {
    return this.contents.records.has(name);
  }

  private decoy?: VaultRecord;

  /** Any record, for a decoy password check; salts are public, so reusing one leaks nothing. */
  private decoyRecord(): VaultRecord {
    this.decoy ??= this.contents.records.values().next().value!;
    return this.decoy;
  }

  /** The public key to wrap for; built once per record and cached. */
  recipientKey(name: string): RecipientKey | undefined {
    const record = this.contents.records.get(name);
    if (record === undefined) return undefined;
    let recipient = this.recipients.get(name);
    if (recipient === undefined) {
      recipient = recipientOf(record);
      this.recipients.set(name, recipient);
    }
    return recipient;
  }

  /** Every user with their admin flag and key type. */
  /** Grows with every change written, so that what is derived from the records can be kept until the next one. */
  get version(): number {
    return this.changes;
  }

  summary(): Map<string, UserSummary> {
    const out = new Map<string, UserSummary>();
    for (const [name, record] of this.contents.records) {
      out.set(name, { admin: record.admin, type: record.type });
    }
    return out;
  }

  /** The exact bytes the store holds (or would hold) for this vault. */
  serialize(): Buffer {
    return serializeVault(this.contents);
  }

  /**
   * Checks a caller's credentials as the original's validateUser does. Throws
   * ERR_VAULT_NOT_CREATED, ERR_USER_NOT_PRESENT, ERR_WRONG_PASSWORD or
   * ERR_ADMIN_REQUIRED. The password is only fed to scrypt, never kept.
   */
  async authenticate(name: string, password: string, options: { admin?: boolean } = {}): Promise<VaultRecord> {
    if (!this.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED');
    const record = this.getRecord(name);
    if (record === undefined) {
      // Cost the same scrypt as a wrong password, so timing does not tell which names exist.
      await checkPassword(this.decoyRecord(), password);
      throw new RoError('ERR_USER_NOT_PRESENT');
    }
    if (!(await checkPassword(record, password))) throw new RoError('ERR_WRONG_PASSWORD');
    if (options.admin && !record.admin) throw new RoError('ERR_ADMIN_REQUIRED');
    return record;
  }

  /**
   * Checks the password and returns the user's private key for a delegation.
   * Throws ERR_WRONG_PASSWORD. The caller holds the key only in memory.
   */
  async unlockPrivateKey(record: VaultRecord, password: string): Promise<PrivateKey> {
    const material = await this.unseal(record, password);
    return toPrivateKey(material);
  }

  private async unseal(
    record: VaultRecord,
    password: string,
    options?: { withTotpSecret?: boolean },
  ): Promise<KeyMaterial> {
    const material = await unsealRecord(record, password, options);
    if (material === null) throw new RoError('ERR_WRONG_PASSWORD');
    return material;
  }

  /**
   * Creates the vault with its first user, an RSA admin. Throws
   * ERR_VAULT_ALREADY_CREATED when another user exists, even one created by a
   * concurrent call.
   */
  async createVault(name: string, password: string): Promise<void> {
    if (this.isCreated) throw new RoError('ERR_VAULT_ALREADY_CREATED');
    const record = await createRecord(password, 'RSA', true);
    await this.mutate((records) => {
      if (records.size > 0) throw new RoError('ERR_VAULT_ALREADY_CREATED');
      records.set(name, record);
    });
  }

  /**
   * Adds a user with a fresh key pair. Throws ERR_USER_EXISTS if the name is
   * taken (checked again after key generation, under the write lock).
   * `altName` is the legacy HipChat handle, kept in AltNames when given.
   */
  async addUser(
    name: string,
    password: string,
    type: KeyType,
    admin = false,
    altName = '',
  ): Promise<VaultRecord> {
    if (this.hasUser(name)) throw new RoError('ERR_USER_EXISTS');
    const created = await createRecord(password, type, admin);
    const record = altName === '' ? created : { ...created, altNames: new Map([['HipchatName', altName]]) };
    await this.mutate((records) => {
      if (!this.isCreated) throw new RoError('ERR_VAULT_NOT_CREATED');
      if (records.has(name)) throw new RoError('ERR_USER_EXISTS');
      records.set(name, record);
    });
    return record;
  }

  /**
   * Changes a password, always checking the current one (the original skipped
   * that check when the new password was empty). An empty new password keeps
   * the old one. `altName` sets the legacy HipChat handle when non-empty.
   * Throws ERR_RECORD_NOT_PRESENT or ERR_WRONG_PASSWORD.
   */
  async changePassword(name: string, password: string, newPassword: string, altName = ''): Promise<void> {
    const record = this.getRecord(name);
    if (record === undefined) {
      if (this.isCreated) await checkPassword(this.decoyRecord(), password);
      throw new RoError('ERR_RECORD_NOT_PRESENT');
    }
    const material = await this.unseal(record, password, { withTotpSecret: newPassword !== '' });
    const changes: Partial<VaultRecord> =
      newPassword === '' ? {} : await resealRecord(record, material, newPassword);
    material.totpSecret?.fill(0);
    if (altName !== '') changes.altNames = new Map([...record.altNames, ['HipchatName', altName]]);

    await this.mutate((records) => {
      const current = records.get(name);
      if (current === undefined) throw new RoError('ERR_RECORD_NOT_PRESENT');
      // A concurrent password change won the race; ours was checked against the old one.
      if (current.hashedPassword !== record.hashedPassword) throw new RoError('ERR_WRONG_PASSWORD');
      const totp = 'totp' in changes ? mergeResealedTotp(record, current, changes.totp) : current.totp;
      records.set(name, { ...current, ...changes, admin: current.admin, totp });
    });
  }

  /**
   * Changes a user's TOTP enrolment under the write lock: `update` gets the
   * current record (never a stale copy, so a used time step or recovery code
   * cannot be spent twice) and returns the new enrolment, or undefined to
   * remove it; it may throw to refuse. Throws ERR_RECORD_NOT_PRESENT when
   * the user is gone.
   */
  async updateTotp(
    name: string,
    update: (current: VaultRecord) => TotpEnrolment | undefined,
  ): Promise<void> {
    await this.mutate((records) => {
      const current = records.get(name);
      if (current === undefined) throw new RoError('ERR_RECORD_NOT_PRESENT');
      const { totp: _old, ...rest } = current;
      const totp = update(current);
      records.set(name, totp === undefined ? rest : { ...rest, totp });
    });
  }

  /** Grants or removes the admin flag. Throws ERR_MODIFY_MISSING. */
  async setAdmin(name: string, admin: boolean): Promise<void> {
    await this.mutate((records) => {
      const record = records.get(name);
      if (record === undefined) throw new RoError('ERR_MODIFY_MISSING');
      records.set(name, { ...record, admin });
    });
  }

  /** Removes a user. Throws ERR_MODIFY_MISSING. */
  async deleteUser(name: string): Promise<void> {
    await this.mutate((records) => {
      if (!records.delete(name)) throw new RoError('ERR_MODIFY_MISSING');
    });
  }

  /** Resolves when every mutation queued so far is on disk. */
  flush(): Promise<void> {
    return this.writes.drain();
  }

  /**
   * Applies `change` to a copy of the records, writes the result, and only then
   * swaps it in. A write failure leaves memory and disk as they were.
   */
  private mutate(change: (records: Map<string, VaultRecord>) => void): Promise<void> {
    return this.writes.run(async () => {
      const records = new Map(this.contents.records);
      change(records);
      const next = { ...this.contents, version: VAULT_VERSION, records };
      try {
        await this.store.save(serializeVault(next));
      } catch (error) {
        throw new RoError('ERR_VAULT_WRITE_FAILED', undefined, { cause: error });
      }
      this.contents = next;
      this.changes++;
      this.recipients.clear();
    });
  }
}

/**
 * The TOTP enrolment after a password change: the resealed secret, with the
 * step and recovery codes as they are now (a code may have been spent while
 * the new password was being derived). If the enrolment itself was replaced
 * or removed meanwhile, the change is refused rather than undo that.
 */
function mergeResealedTotp(
  before: VaultRecord,
  current: VaultRecord,
  resealed: TotpEnrolment | undefined,
): TotpEnrolment | undefined {
  if (current.totp?.secret !== before.totp?.secret) throw new RoError('ERR_RECORD_CHANGED');
  return current.totp && resealed && { ...current.totp, secret: resealed.secret };
}

function emptyContents(): VaultContents {
  return { version: 0, vaultId: randomVaultId(), hmacKey: randomKey(16), records: new Map() };
}
