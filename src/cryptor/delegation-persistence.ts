/**
 * Delegation persistence, as the original's `delegations` config sets it up:
 * while `active`, every change to the live delegations rewrites the store with
 * all of them (private keys included) sealed to the configured policy with
 * label "restore". After a restart the store is `inactive` until enough of
 * the configured users call /restore to satisfy the policy; then the saved
 * delegations come back with their uses and expiry. `disabled` when not set up.
 */
import type { Clock } from '../delegation/clock.js';
import { DelegationCache, summaryKey, type NewDelegation, type Revocation } from '../delegation/delegation-cache.js';
import { RoError } from '../errors.js';
import type { DelegationStore } from '../persist/delegation-store.js';
import { decodeDelegations, encodeDelegations } from '../persist/persisted-delegations.js';
import type { Vault } from '../vault/vault.js';
import type { Cryptor } from './cryptor.js';

export type PersistenceState = 'disabled' | 'inactive' | 'active';

/** The label the original seals persisted delegations with. */
export const RESTORE_LABEL = 'restore';

export interface PersistenceSettings {
  policy: string;
  users: string[];
  store: DelegationStore;
}

interface Core {
  vault: Vault;
  delegations: DelegationCache;
  cryptor: Cryptor;
  clock: Clock;
}

export class DelegationPersistence {
  private stateValue: PersistenceState;
  private blob: Buffer | null = null;
  private writeQueued = false;
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly restoreDelegations: DelegationCache;
  /** Grants taken back while the saved ones wait for a restore: they must not come back with it. */
  private revokedWhileInactive: Revocation[] = [];

  private constructor(
    private readonly settings: PersistenceSettings | null,
    private readonly core: Core,
  ) {
    this.stateValue = settings === null ? 'disabled' : 'active';
    this.restoreDelegations = new DelegationCache(core.clock);
    core.delegations.onChange(() => this.scheduleWrite());
    core.delegations.onRevoke((revocation) => {
      if (this.stateValue === 'inactive') this.revokedWhileInactive.push(revocation);
    });
  }

  /**
   * Sets up persistence: `inactive` if the store holds delegations from an
   * earlier run, `active` otherwise. Throws if the store cannot be read.
   */
  static async open(settings: PersistenceSettings | null, core: Core): Promise<DelegationPersistence> {
    const persistence = new DelegationPersistence(settings, core);
    if (settings !== null) {
      persistence.blob = await settings.store.load();
      if (persistence.blob !== null) persistence.stateValue = 'inactive';
    }
    return persistence;
  }

  get state(): PersistenceState {
    return this.stateValue;
  }

  /**
   * Resolves once every change so far is stored. Throws ERR_PERSIST_WRITE_FAILED
   * for a failed write, once: the next caller does not see the same failure.
   */
  async flush(): Promise<void> {
    const pending = this.lastWrite;
    this.lastWrite = pending.catch(() => undefined);
    await pending;
  }

  // Writes are serialised and coalesced: many changes in a burst cost one write.
  private scheduleWrite(): void {
    if (this.stateValue !== 'active' || this.writeQueued) return;
    this.writeQueued = true;
    const previous = this.lastWrite.catch(() => undefined);
    this.lastWrite = previous.then(async () => {
      this.writeQueued = false;
      await this.writeNow();
    });
  }

  private async writeNow(): Promise<void> {
    const { store, policy } = this.settings!;
    const plaintext = encodeDelegations(this.core.delegations.list());
    try {
      const access = { minimum: 0, owners: [], leftOwners: [], rightOwners: [], predicate: policy };
      const blob = (await this.core.cryptor.encrypt(plaintext, access, [RESTORE_LABEL], [])).toBuffer();
      await store.save(blob);
      this.blob = blob;
    } catch (error) {
      throw new RoError('ERR_PERSIST_WRITE_FAILED', undefined, { cause: error });
    } finally {
      plaintext.fill(0);
    }
  }

  /**
   * One restore user's contribution: their key is delegated (one use, for the
   * configured users, label "restore") to the restore cache, and if the policy
   * is now satisfied the stored delegations replace the live ones. Returns the
   * state afterwards. Throws ERR_PERSIST_NULL_STORE, ERR_WRONG_PASSWORD, or a
   * decryption error other than "not enough delegations yet".
   */
  async restore(name: string, password: string, durationNs: bigint): Promise<PersistenceState> {
    if (this.stateValue === 'disabled') throw new RoError('ERR_PERSIST_NULL_STORE');
    if (this.stateValue === 'active') return 'active';
    const record = this.core.vault.getRecord(name);
    if (record === undefined) throw new RoError('ERR_MISSING_USER_ON_DISK');

    const privateKey = await this.core.vault.unlockPrivateKey(record, password);
    this.restoreDelegations.add({
      name,
      slot: '',
      uses: 1,
      expiresAtNs: this.core.clock.nowNs() + durationNs,
      users: this.settings!.users,
      labels: [RESTORE_LABEL],
      type: record.type,
      admin: record.admin,
      privateKey,
    });
    if (this.stateValue !== 'inactive' || this.blob === null) return this.stateValue;

    let plaintext: Buffer;
    try {
      plaintext = (await this.core.cryptor.decrypt(this.blob, name, 'decrypt', this.restoreDelegations)).plaintext;
    } catch (error) {
      const notYet = error instanceof RoError && ['ERR_NOT_ENOUGH_SHARES', 'ERR_NOT_ENOUGH_DELEGATIONS'].includes(error.code);
      if (notYet) return 'inactive';
      throw error;
    }
    let saved: NewDelegation[];
    try {
      saved = decodeDelegations(plaintext, this.core.vault);
    } catch (error) {
      throw new RoError('ERR_PERSIST_CORRUPT', undefined, { cause: error });
    } finally {
      plaintext.fill(0);
    }
    // Active first, so that the merged set is written back at once.
    this.stateValue = 'active';
    this.core.delegations.replaceAll(this.merge(saved));
    this.revokedWhileInactive = [];
    this.restoreDelegations.purge();
    return 'active';
  }

  /**
   * The saved delegations that still stand, with those made while waiting for
   * the restore (which win: they are newer). A saved grant does not stand when
   * its owner or one of its users has been deleted since, or when it was taken
   * back while inactive (purge, withdrawal).
   */
  private merge(saved: NewDelegation[]): NewDelegation[] {
    const { vault, delegations } = this.core;
    const stands = (grant: NewDelegation) =>
      vault.hasUser(grant.name) &&
      (grant.users ?? []).every((user) => vault.hasUser(user)) &&
      !this.revokedWhileInactive.some((revocation) => revokes(revocation, grant));
    const merged = new Map(saved.filter(stands).map((grant) => [summaryKey(grant.name, grant.slot), grant]));
    for (const { usesLeft, ...made } of delegations.list()) {
      merged.set(summaryKey(made.name, made.slot), { ...made, uses: usesLeft });
    }
    return [...merged.values()];
  }

  /** Deletes the stored delegations and becomes `active` (no-op when disabled). */
  async reset(): Promise<PersistenceState> {
    if (this.settings === null) return 'disabled';
    await this.settings.store.remove();
    this.blob = null;
    this.restoreDelegations.purge();
    this.revokedWhileInactive = [];
    this.stateValue = 'active';
    return 'active';
  }
}

function revokes(revocation: Revocation, grant: NewDelegation): boolean {
  if (revocation.kind === 'all') return true;
  return revocation.name === grant.name && (revocation.slots === null || revocation.slots.includes(grant.slot));
}
