/**
 * Delegating: an owner unlocks their private key with their password and
 * leaves it with the server for a number of uses and a time. An unknown name
 * becomes a new (RSA, non-admin) user on the spot, as in the original.
 */
import { RoError } from '../errors.js';
import type { Vault } from '../vault/vault.js';
import { summaryKey, type Delegation, type DelegationCache } from './delegation-cache.js';

export interface DelegationRequest {
  name: string;
  password: string;
  uses: number;
  durationNs: bigint;
  slot: string;
  users: string[] | null;
  labels: string[] | null;
}

/**
 * Adds a delegation, replacing any for the same (name, slot), and returns it. Throws
 * ERR_WRONG_PASSWORD, or a vault error when an implicit user cannot be saved.
 * The password is only fed to scrypt; the key stays in the cache's memory.
 */
export async function delegate(
  vault: Vault,
  cache: DelegationCache,
  request: DelegationRequest,
): Promise<Delegation> {
  checkListing(vault, cache, request.name, request.slot);
  let record = vault.getRecord(request.name);
  if (record === undefined) {
    try {
      record = await vault.addUser(request.name, request.password, 'RSA');
    } catch (error) {
      // A concurrent delegation created the same user first; check against theirs.
      if (!(error instanceof RoError && error.code === 'ERR_USER_EXISTS')) throw error;
      record = vault.getRecord(request.name)!;
    }
  }
  const privateKey = await vault.unlockPrivateKey(record, request.password);

  cache.refresh();
  // Again, with no await before the add: a concurrent delegation may have taken the listing.
  checkListing(vault, cache, request.name, request.slot);
  return cache.add({
    name: request.name,
    slot: request.slot,
    uses: request.uses,
    expiresAtNs: cache.nowNs() + request.durationNs,
    users: request.users,
    labels: request.labels,
    type: record.type,
    admin: record.admin,
    privateKey,
  });
}

/**
 * /summary and the persisted store list a delegation as "name" or
 * "name-slot", so Bob's slot "night" and user Bob-night's unnamed slot would
 * share one entry: the original showed one of them at random and restored
 * only one, perhaps under the wrong owner. Such a delegation is refused.
 * Throws ERR_SLOT_NAMES_USER or ERR_DELEGATION_LISTING_TAKEN.
 */
function checkListing(vault: Vault, cache: DelegationCache, name: string, slot: string): void {
  const listing = summaryKey(name, slot);
  if (slot !== '' && vault.hasUser(listing)) {
    throw new RoError('ERR_SLOT_NAMES_USER', `Slot would list this delegation as "${listing}", which is another user`);
  }
  const holder = cache.listedAs(listing);
  if (holder !== undefined && (holder.name !== name || holder.slot !== slot)) {
    throw new RoError('ERR_DELEGATION_LISTING_TAKEN', `"${listing}" already lists another owner's delegation`);
  }
}

