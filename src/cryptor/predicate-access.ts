/**
 * Predicate access structures: the data key is split into Shamir shares over
 * GF(2^128) following the predicate's threshold gates (src/predicate/), and
 * each owner's shares are stored encrypted as single AES blocks under that
 * owner's fresh AES key.
 */
import type { Delegation } from '../delegation/delegation-cache.js';
import { RoError } from '../errors.js';
import type { BlobContents } from './blob.js';

export type OwnerKeysFor = (names: string[]) => {
  keySetRsa: Map<string, Buffer>;
  aesKeys: Map<string, Buffer>;
};

export interface PredicateAccess {
  /** Splits `dataKey` for the predicate; throws the original's predicate statuses. */
  wrap(
    dataKey: Buffer,
    predicate: string,
    ownerKeys: OwnerKeysFor,
  ): Pick<BlobContents, 'keySet' | 'keySetRsa' | 'shareSet' | 'predicate'>;
  /**
   * Recovers the data key with the cheapest set of delegated owners. Returns
   * the delegations to spend; throws ERR_NOT_ENOUGH_SHARES or ERR_UNWRAP_FAILED.
   */
  unwrap(
    contents: BlobContents,
    findDelegation: (name: string) => Delegation | undefined,
  ): { dataKey: Buffer; spent: Delegation[] };
}

/** Refuses predicates with a clear status. */
export const unsupportedPredicates: PredicateAccess = {
  wrap() {
    throw new RoError('ERR_PREDICATES_NOT_SUPPORTED');
  },
  unwrap() {
    throw new RoError('ERR_PREDICATES_NOT_SUPPORTED');
  },
};
