/**
 * Predicate access structures: the data key is split into Shamir shares over
 * GF(2^128) along the predicate's threshold gates (src/predicate/), and each
 * owner's shares are stored encrypted as single AES blocks under that owner's
 * fresh AES key, whose wrapped form goes in KeySetRSA. The predicate text is
 * stored as written (the share order follows it), unless the original could not
 * read it back (see storablePredicate).
 */
import { decryptBlock, encryptBlock } from '../crypto/aes.js';
import { unwrapKeyWith } from '../crypto/key-wrap.js';
import type { Delegation } from '../delegation/delegation-cache.js';
import { RoError } from '../errors.js';
import {
  distributeShares,
  parsePredicate,
  planRecovery,
  predicateNames,
  PredicateError,
  storablePredicate,
  recoverSecret,
  type Predicate,
} from '../predicate/index.js';
import type { BlobContents } from './blob.js';

/** A predicate checked against the vault: its tree and the text a blob stores. */
export interface PredicatePlan {
  predicate: Predicate;
  storedText: string;
}

/** A fresh AES key per owner, and that key wrapped with the owner's public key. */
export type OwnerKeys = (names: string[]) => { keySetRsa: Map<string, Buffer>; aesKeys: Map<string, Buffer> };

function parse(text: string): Predicate {
  try {
    return parsePredicate(text);
  } catch (error) {
    if (error instanceof PredicateError) throw new RoError(error.code, error.message);
    throw error;
  }
}

/**
 * Parses `predicateText` and checks its names. Throws the original's statuses
 * for syntax errors and "Unknown user 'X' in predicate." for the first name
 * (in the original's order) that is not a user.
 */
export function planPredicate(predicateText: string, isUser: (name: string) => boolean): PredicatePlan {
  const predicate = parse(predicateText);
  const unknown = predicateNames(predicate).find((name) => !isUser(name));
  if (unknown !== undefined) {
    throw new RoError('ERR_PREDICATE_UNKNOWN_USER', `Unknown user '${unknown}' in predicate.`);
  }
  return { predicate, storedText: storablePredicate(predicateText, predicate) };
}

/** Splits `dataKey` along a planned predicate, one encrypted share set per owner. */
export function wrapForPredicate(
  dataKey: Buffer,
  plan: PredicatePlan,
  ownerKeys: OwnerKeys,
): Pick<BlobContents, 'keySet' | 'keySetRsa' | 'shareSet' | 'predicate'> {
  const shares = distributeShares(dataKey, plan.predicate);
  const { keySetRsa, aesKeys } = ownerKeys([...shares.keys()]);
  const shareSet = new Map<string, Buffer[]>();
  for (const [name, ownerShares] of shares) {
    const aesKey = aesKeys.get(name)!;
    shareSet.set(name, ownerShares.map((share) => encryptBlock(aesKey, share)));
    for (const share of ownerShares) share.fill(0);
    aesKey.fill(0);
  }
  return { keySet: [], keySetRsa, shareSet, predicate: plan.storedText };
}

/**
 * Recovers the data key with the cheapest set of delegated owners (each owner
 * costs one use). Returns the delegations to spend once the data decrypts.
 * Throws ERR_NOT_ENOUGH_SHARES or ERR_UNWRAP_FAILED.
 */
export function unwrapForPredicate(
  contents: BlobContents,
  findDelegation: (name: string) => Delegation | undefined,
): { dataKey: Buffer; spent: Delegation[] } {
  const predicate = parse(contents.predicate);
  const canProvide = (name: string) =>
    contents.shareSet.has(name) && contents.keySetRsa.has(name) && findDelegation(name) !== undefined;
  const plan = planRecovery(predicate, canProvide);
  if (plan === null) throw new RoError('ERR_NOT_ENOUGH_SHARES');

  const spent = plan.map((name) => findDelegation(name)!);
  const shares = new Map<string, Buffer[]>();
  try {
    for (const [i, name] of plan.entries()) {
      const ownerKey = unwrapKeyWith(spent[i]!.privateKey, contents.keySetRsa.get(name)!);
      shares.set(name, contents.shareSet.get(name)!.map((share) => decryptBlock(ownerKey, share)));
      ownerKey.fill(0);
    }
    return { dataKey: recoverSecret(predicate, shares), spent };
  } catch (error) {
    if (error instanceof RoError) throw error;
    throw new RoError('ERR_UNWRAP_FAILED', undefined, { cause: error });
  } finally {
    for (const ownerShares of shares.values()) for (const share of ownerShares) share.fill(0);
  }
}
