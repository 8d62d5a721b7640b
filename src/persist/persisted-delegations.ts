/**
 * The plaintext of the persisted delegations: the original's key-cache JSON,
 * a map from "name" or "name-slot" to the delegation's terms and its private
 * key (PKCS#1 DER for RSA, SEC1 DER for P-256), so that a store written by
 * either server restores in the other.
 */
import { encodeGoJson, goMap, type GoJsonValue } from '../codec/go-json.js';
import { importPrivateKey, isKeyPair, type RecipientKey } from '../crypto/key-wrap.js';
import { formatRfc3339Nano, parseRfc3339 } from '../delegation/clock.js';
import { summaryKey, type Delegation, type NewDelegation } from '../delegation/delegation-cache.js';

/**
 * A delegation's terms as the original's key cache writes them (and /summary
 * shows them): everything but the key.
 */
export function delegationTerms(delegation: Delegation): { [field: string]: GoJsonValue } {
  return {
    Uses: delegation.usesLeft,
    Labels: delegation.labels === null ? null : [...delegation.labels],
    Users: delegation.users === null ? null : [...delegation.users],
    Expiry: formatRfc3339Nano(delegation.expiresAtNs),
    AltNames: null,
    Admin: delegation.admin,
    Type: delegation.type,
  };
}

/** Serialises live delegations, private keys included; the caller encrypts the result at once. */
export function encodeDelegations(delegations: readonly Delegation[]): Buffer {
  const entries = delegations.map((delegation): [string, GoJsonValue] => [
    summaryKey(delegation.name, delegation.slot),
    { ...delegationTerms(delegation), Key: delegation.privateKey.der },
  ]);
  return Buffer.from(encodeGoJson(goMap(entries)));
}

/**
 * Splits a summary key into name and slot. The original split at the first
 * "-", which loses names containing one; here the split is one whose name part
 * is a vault user, falling back to the original's rule. When several are
 * ("Bob-x": user Bob-x, or Bob's slot x), `isOwner` decides: the delegation's
 * key belongs to one of them only.
 */
export function splitSummaryKey(
  key: string,
  isUser: (name: string) => boolean,
  isOwner: (name: string) => boolean = () => true,
): [string, string] {
  const splits: Array<[string, string]> = [[key, '']];
  for (let at = key.indexOf('-'); at !== -1; at = key.indexOf('-', at + 1)) {
    splits.push([key.slice(0, at), key.slice(at + 1)]);
  }
  const users = splits.filter(([name]) => isUser(name));
  if (users.length > 1) return users.find(([name]) => isOwner(name)) ?? users[0]!;
  if (users.length === 1) return users[0]!;
  const first = key.indexOf('-');
  return first === -1 ? [key, ''] : [key.slice(0, first), key.slice(first + 1)];
}

/** What reading the store back needs of the vault. */
export interface VaultUsers {
  hasUser(name: string): boolean;
  recipientKey(name: string): RecipientKey | undefined;
}

function stringList(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new RangeError('expected a list of strings');
  }
  return value;
}

/** Reads persisted delegations back; throws RangeError on anything malformed. */
export function decodeDelegations(plaintext: Buffer, vault: VaultUsers): NewDelegation[] {
  const map = JSON.parse(plaintext.toString('utf8')) as Record<string, Record<string, unknown>>;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw new RangeError('expected a map');

  return Object.entries(map).map(([key, entry]) => {
    if (typeof entry.Uses !== 'number' || typeof entry.Expiry !== 'string' || typeof entry.Key !== 'string') {
      throw new RangeError(`persisted delegation ${key} is incomplete`);
    }
    const privateKey = importPrivateKey(Buffer.from(entry.Key, 'base64'));
    const isOwner = (user: string) => {
      const recipient = vault.recipientKey(user);
      return recipient !== undefined && isKeyPair(recipient, privateKey);
    };
    const [name, slot] = splitSummaryKey(key, (user) => vault.hasUser(user), isOwner);
    return {
      name,
      slot,
      uses: entry.Uses,
      expiresAtNs: parseRfc3339(entry.Expiry),
      users: stringList(entry.Users),
      labels: stringList(entry.Labels),
      type: privateKey.type,
      admin: entry.Admin === true,
      privateKey,
    };
  });
}
