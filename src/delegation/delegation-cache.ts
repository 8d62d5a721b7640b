/**
 * Live delegations: private keys that owners have unlocked for a limited time
 * and number of uses, optionally only for some users and labels. Keyed by
 * (name, slot), so one owner can hold several delegations with different
 * terms. Keys live only here, in memory.
 */
import type { KeyType, PrivateKey } from '../crypto/key-wrap.js';
import { systemClock, type Clock } from './clock.js';

export interface Delegation {
  readonly name: string;
  readonly slot: string;
  usesLeft: number;
  readonly expiresAtNs: bigint;
  /** Who may use it; null means anyone (Go's nil slice). */
  readonly users: readonly string[] | null;
  /** Blob labels it may open; null means none. */
  readonly labels: readonly string[] | null;
  readonly type: KeyType;
  readonly admin: boolean;
  readonly privateKey: PrivateKey;
}

export interface NewDelegation {
  name: string;
  slot: string;
  uses: number;
  expiresAtNs: bigint;
  users: readonly string[] | null;
  labels: readonly string[] | null;
  type: KeyType;
  admin: boolean;
  privateKey: PrivateKey;
}

/** A blob without labels accepts any delegation; a labelled one needs a shared label. */
function matchesLabels(delegation: Delegation, blobLabels: readonly string[]): boolean {
  if (blobLabels.length === 0) return true;
  return (delegation.labels ?? []).some((label) => blobLabels.includes(label));
}

function matchesUser(delegation: Delegation, user: string): boolean {
  return delegation.users === null || delegation.users.length === 0 || delegation.users.includes(user);
}

/** Summary key as the original shows it: "name" or "name-slot". */
export function summaryKey(name: string, slot: string): string {
  return slot === '' ? name : `${name}-${slot}`;
}

/**
 * A grant taken back before its end: every delegation (purge), or an owner's,
 * all of them (`slots` null) or some slots. Persistence needs to know, since
 * saved copies of those grants must not come back with a later restore.
 */
export type Revocation = { kind: 'all' } | { kind: 'owner'; name: string; slots: readonly string[] | null };

export class DelegationCache {
  private readonly entries = new Map<string, Delegation>();
  private readonly listeners: Array<() => void> = [];
  private readonly revocationListeners: Array<(revocation: Revocation) => void> = [];
  private changes = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Calls `listener` after every change to the live delegations (persistence hooks in here). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Calls `listener` whenever grants are taken back (purge, withdrawal, a deleted user). */
  onRevoke(listener: (revocation: Revocation) => void): void {
    this.revocationListeners.push(listener);
  }

  private revoked(revocation: Revocation): void {
    for (const listener of this.revocationListeners) listener(revocation);
  }

  private changed(): void {
    this.changes++;
    for (const listener of this.listeners) listener();
  }

  /** Grows with every change, so that what is derived from the list can be kept until the next one. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.entries.size;
  }

  nowNs(): bigint {
    return this.clock.nowNs();
  }

  /** Adds or replaces the delegation for (name, slot); returns the live entry. */
  add(delegation: NewDelegation): Delegation {
    const { uses, ...rest } = delegation;
    const entry = { ...rest, usesLeft: uses };
    this.entries.set(indexOf(delegation.name, delegation.slot), entry);
    this.changed();
    return entry;
  }

  /** Replaces every delegation at once (a restore from persistence). */
  replaceAll(delegations: NewDelegation[]): void {
    this.entries.clear();
    for (const { uses, ...rest } of delegations) {
      this.entries.set(indexOf(rest.name, rest.slot), { ...rest, usesLeft: uses });
    }
    this.changed();
  }

  /** Drops expired delegations; returns how many were dropped. */
  refresh(): number {
    const now = this.clock.nowNs();
    let removed = 0;
    for (const [index, delegation] of this.entries) {
      if (delegation.expiresAtNs <= now) {
        this.entries.delete(index);
        removed++;
      }
    }
    if (removed > 0) this.changed();
    return removed;
  }

  /**
   * The live delegation of `name` that `user` may spend on a blob with these
   * labels. When several match, the one expiring first is chosen, so that the
   * longer-lived grants are kept.
   */
  find(name: string, user: string, blobLabels: readonly string[]): Delegation | undefined {
    const now = this.clock.nowNs();
    let best: Delegation | undefined;
    for (const delegation of this.entries.values()) {
      if (delegation.name !== name || delegation.expiresAtNs <= now) continue;
      if (!matchesUser(delegation, user) || !matchesLabels(delegation, blobLabels)) continue;
      if (best === undefined || delegation.expiresAtNs < best.expiresAtNs) best = delegation;
    }
    return best;
  }

  /** Spends one use; the delegation is gone when none are left. */
  spend(delegation: Delegation): void {
    const index = indexOf(delegation.name, delegation.slot);
    if (this.entries.get(index) !== delegation) return;
    delegation.usesLeft -= 1;
    if (delegation.usesLeft <= 0) this.entries.delete(index);
    this.changed();
  }

  /** Removes every delegation; true if there were any. */
  purge(): boolean {
    const hadAny = this.entries.size > 0;
    this.entries.clear();
    this.revoked({ kind: 'all' });
    if (hadAny) this.changed();
    return hadAny;
  }

  /**
   * Removes an owner's delegations: all of them, or only those in `slots`
   * ("" is the unnamed slot). Returns the summary keys of the live ones removed;
   * expired ones go too, unreported.
   */
  removeOwner(name: string, slots?: readonly string[]): string[] {
    this.refresh();
    const removed: string[] = [];
    for (const [index, delegation] of this.entries) {
      if (delegation.name !== name || (slots !== undefined && !slots.includes(delegation.slot))) continue;
      this.entries.delete(index);
      removed.push(summaryKey(name, delegation.slot));
    }
    this.revoked({ kind: 'owner', name, slots: slots ?? null });
    if (removed.length > 0) this.changed();
    return removed.sort();
  }

  /**
   * A user is gone: their own delegations end, and they leave the `Users` of
   * everyone else's; a delegation that was for them alone ends (whoever
   * registers the name next must not inherit it, and an empty list means anyone).
   */
  removeUser(name: string): void {
    this.removeOwner(name);
    let changed = false;
    for (const [index, delegation] of this.entries) {
      if (delegation.users === null || !delegation.users.includes(name)) continue;
      const users = delegation.users.filter((user) => user !== name);
      if (users.length === 0) this.entries.delete(index);
      else this.entries.set(index, { ...delegation, users });
      changed = true;
    }
    if (changed) this.changed();
  }

  /** The live delegation that /summary lists under `key` ("name" or "name-slot"), if any. */
  listedAs(key: string): Delegation | undefined {
    return this.list().find((delegation) => summaryKey(delegation.name, delegation.slot) === key);
  }

  /** Live delegations in no particular order; callers must not keep the keys. */
  list(): Delegation[] {
    const now = this.clock.nowNs();
    return [...this.entries.values()].filter((delegation) => delegation.expiresAtNs > now);
  }
}

function indexOf(name: string, slot: string): string {
  return `${name}\u0000${slot}`;
}
