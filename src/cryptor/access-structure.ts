/**
 * Who may decrypt, for the owner-list forms of the original: `Minimum` of
 * `Owners`, or one of `LeftOwners` with one of `RightOwners`. Each owner gets a
 * fresh AES key (wrapped for them in KeySetRSA), and the data key is wrapped
 * once per allowed combination: a pair's entry is the data key encrypted as one
 * AES block under the second name's key, then under the first's.
 *
 * Two fixes over the original, both readable by it: with Minimum 1 every owner
 * gets an entry (the original wrapped only for the first), and a name listed
 * both left and right gets an entry of its own (the original skipped it).
 */
import { encryptBlock } from '../crypto/aes.js';
import type { WrappedKeyEntry } from './blob.js';

export interface OwnerListAccess {
  kind: 'minimum' | 'left-right';
  /** Every owner, each once, in the order first named. */
  owners: string[];
  /** The name lists that may decrypt together. */
  combinations: string[][];
}

/** Combinations for `minimum` (1 or 2) out of `owners`. */
export function minimumOfOwners(minimum: 1 | 2, owners: string[]): OwnerListAccess {
  const combinations: string[][] = [];
  if (minimum === 1) {
    for (const owner of owners) combinations.push([owner]);
  } else {
    for (let i = 0; i < owners.length; i++) {
      for (let j = i + 1; j < owners.length; j++) combinations.push([owners[i]!, owners[j]!]);
    }
  }
  return { kind: 'minimum', owners, combinations };
}

/** Combinations for one left owner together with one right owner. */
export function leftAndRight(left: string[], right: string[]): OwnerListAccess {
  const owners = [...new Set([...left, ...right])];
  const combinations: string[][] = [];
  const alone = new Set<string>();
  for (const leftName of left) {
    for (const rightName of right) {
      if (leftName !== rightName) combinations.push([leftName, rightName]);
      else if (!alone.has(leftName)) {
        alone.add(leftName);
        combinations.push([leftName]);
      }
    }
  }
  return { kind: 'left-right', owners, combinations };
}

/** Wraps the data key for each combination with the owners' AES keys. */
export function wrapForCombinations(
  dataKey: Buffer,
  combinations: string[][],
  ownerKeys: ReadonlyMap<string, Buffer>,
): WrappedKeyEntry[] {
  return combinations.map((names) => {
    let key: Buffer = Buffer.from(dataKey);
    for (const name of [...names].reverse()) key = encryptBlock(ownerKeys.get(name)!, key);
    return { names, key };
  });
}
