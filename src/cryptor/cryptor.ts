/**
 * Encrypt, decrypt, re-encrypt and owners: where the vault (public keys), the
 * delegation cache (private keys) and the access structures meet.
 *
 * Decryption spends a delegation's use only when the whole unwrap succeeded,
 * and checks a blob's Usages before touching any delegation (the original
 * spent uses on a decrypt it then refused).
 */
import { decryptBlock, decryptCbcInPlace, encryptCbcStepwise } from '../crypto/aes.js';
import { unwrapKeyWith, wrapKeyFor } from '../crypto/key-wrap.js';
import { addPadding, removePadding } from '../crypto/padding.js';
import { randomKey } from '../crypto/random.js';
import type { Delegation, DelegationCache } from '../delegation/delegation-cache.js';
import { RoError } from '../errors.js';
import { finishInTurns } from '../stepwise.js';
import type { Vault } from '../vault/vault.js';
import { leftAndRight, minimumOfOwners, wrapForCombinations, type OwnerListAccess } from './access-structure.js';
import { openBlob, sealBlob, type BlobContents, type SealedBlob, type WrappedKeyEntry } from './blob.js';
import { PredicateError, thresholdPredicate } from '../predicate/index.js';
import { planPredicate, unwrapForPredicate, wrapForPredicate } from './predicate-access.js';

type KeyWrapper = (dataKey: Buffer) => Pick<BlobContents, 'keySet' | 'keySetRsa' | 'shareSet' | 'predicate'>;

export interface AccessRequest {
  minimum: number;
  owners: string[];
  leftOwners: string[];
  rightOwners: string[];
  predicate: string;
}

/** What the decrypted data may be used for; a blob's Usages must allow it. */
export type Purpose = 'decrypt' | 'ssh-sign-with' | 're-encrypt';

export interface Decrypted {
  plaintext: Buffer;
  secure: boolean;
  /** Owners whose delegations were spent, in the order used. */
  delegates: string[];
  labels: string[];
  usages: string[];
}

export interface BlobOwners {
  owners: string[];
  labels: string[];
  predicate: string;
}

export class Cryptor {
  constructor(
    private readonly vault: Vault,
    private readonly delegations: DelegationCache,
    private readonly options: { acceptUnsignedBlobs?: boolean } = {},
  ) {}

  /**
   * Opens a blob, refusing the original's legacy unsigned form (outer Version
   * 1, no outer HMAC) unless the operator accepts it for old data.
   */
  private async open(blob: Buffer): ReturnType<typeof openBlob> {
    const opened = await openBlob(blob, this.vault);
    if (!opened.secure && !this.options.acceptUnsignedBlobs) throw new RoError('ERR_UNSIGNED_BLOB');
    return opened;
  }

  /**
   * Encrypts `plaintext` so that only the access structure's owners can open it.
   * Throws ERR_INVALID_ACCESS_STRUCTURE, ERR_MIXED_ACCESS_STRUCTURE,
   * ERR_MISSING_USER_ON_DISK, ERR_DUPLICATE_OWNER, ERR_MINIMUM_TOO_LARGE or the
   * predicate errors.
   */
  encrypt(plaintext: Buffer, access: AccessRequest, labels: string[], usages: string[]): Promise<SealedBlob> {
    return this.seal(plaintext, this.planAccess(access), labels, usages);
  }

  /** Encrypts and signs in turns with other work on the event loop: a payload can be large. */
  private async seal(
    plaintext: Buffer,
    wrapDataKey: KeyWrapper,
    labels: string[],
    usages: string[],
  ): Promise<SealedBlob> {
    const dataKey = randomKey(16);
    const iv = randomKey(16);
    try {
      const contents: BlobContents = {
        vaultId: this.vault.vaultId,
        labels,
        usages,
        ...wrapDataKey(dataKey),
        iv,
        data: await finishInTurns(encryptCbcStepwise(dataKey, iv, addPadding(plaintext))),
      };
      return await sealBlob(contents, this.vault);
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Checks an access request against the vault (with the errors listed at
   * `encrypt`) and returns what wraps a data key for it, which no request can
   * then make fail: re-encryption checks before it spends any delegation.
   */
  private planAccess(access: AccessRequest): KeyWrapper {
    const ownerList = ownerListAccess(access);
    const isUser = (name: string) => this.vault.hasUser(name);
    const ownerKeys = (names: string[]) => this.ownerKeys(names);
    if (ownerList === null || typeof ownerList === 'string') {
      const predicate = ownerList ?? access.predicate;
      if (predicate === '') throw new RoError('ERR_INVALID_ACCESS_STRUCTURE');
      if (ownerList !== null && !access.owners.every(isUser)) throw new RoError('ERR_MISSING_USER_ON_DISK');
      const plan = planPredicate(predicate, isUser);
      return (dataKey) => wrapForPredicate(dataKey, plan, ownerKeys);
    }

    if (!ownerList.owners.every(isUser)) throw new RoError('ERR_MISSING_USER_ON_DISK');
    return (dataKey) => {
      const { keySetRsa, aesKeys } = this.ownerKeys(ownerList.owners);
      try {
        const keySet = wrapForCombinations(dataKey, ownerList.combinations, aesKeys);
        return { keySet, keySetRsa, shareSet: new Map(), predicate: '' };
      } finally {
        for (const key of aesKeys.values()) key.fill(0);
      }
    };
  }

  /** A fresh AES key per owner, and that key wrapped with the owner's public key. */
  private ownerKeys(owners: string[]): { keySetRsa: Map<string, Buffer>; aesKeys: Map<string, Buffer> } {
    const recipients = owners.map((name) => {
      const recipient = this.vault.recipientKey(name);
      if (recipient === undefined) throw new RoError('ERR_MISSING_USER_ON_DISK');
      return [name, recipient] as const;
    });
    const keySetRsa = new Map<string, Buffer>();
    const aesKeys = new Map<string, Buffer>();
    for (const [name, recipient] of recipients) {
      const aesKey = randomKey(16);
      aesKeys.set(name, aesKey);
      keySetRsa.set(name, wrapKeyFor(recipient, aesKey));
    }
    return { keySetRsa, aesKeys };
  }

  /**
   * Decrypts a blob for `user` with the live delegations. Throws, in the
   * original's order, the blob errors (bad JSON, Signature mismatch, Wrong
   * vault), then ERR_CANNOT_DECRYPT / ERR_CANNOT_SIGN for a purpose the blob's
   * Usages do not allow, then ERR_NOT_ENOUGH_DELEGATIONS (or
   * ERR_NOT_ENOUGH_SHARES for predicate blobs) or ERR_UNWRAP_FAILED.
   *
   * The delegations are found, used and spent in one synchronous stretch, so
   * two concurrent decryptions can never both spend a delegation's last use;
   * only the data itself is decrypted after that, in turns with other work.
   */
  async decrypt(
    blob: Buffer,
    user: string,
    purpose: Purpose,
    delegations = this.delegations,
    userIsAdmin = false,
  ): Promise<Decrypted> {
    const { contents, secure } = await this.open(blob);
    // Refused before any delegation is touched, like a Usage that does not allow the purpose.
    if (purpose === 're-encrypt' && !secure) throw new RoError('ERR_INSECURE_BLOB');
    checkUsage(contents.usages, purpose);
    if (purpose === 're-encrypt' && !userIsAdmin) checkReSealer(contents, user);
    checkShape(contents);
    delegations.refresh();

    const unwrapped =
      contents.predicate !== ''
        ? unwrapForPredicate(contents, (name) => delegations.find(name, user, contents.labels))
        : unwrapFromKeySet(contents, user, delegations);
    // The owners' keys opened the data key: that is the use, whatever the data holds.
    for (const delegation of unwrapped.spent) delegations.spend(delegation);

    try {
      // In place: the ciphertext was decoded for this call alone, and a payload can be large.
      const padded = await finishInTurns(decryptCbcInPlace(unwrapped.dataKey, contents.iv, contents.data));
      // A view, not a copy: zeroing the plaintext then wipes all but the padding.
      const plaintext = removePadding(padded);
      return {
        plaintext,
        secure,
        delegates: unwrapped.spent.map((delegation) => delegation.name),
        labels: contents.labels,
        usages: contents.usages,
      };
    } catch (error) {
      if (error instanceof RangeError) throw new RoError('ERR_UNWRAP_FAILED', undefined, { cause: error });
      throw error;
    } finally {
      unwrapped.dataKey.fill(0);
    }
  }

  /** Owners, labels and predicate of a blob; needs no credentials. */
  async owners(blob: Buffer): Promise<BlobOwners> {
    const { contents } = await this.open(blob);
    const owners: string[] = [];
    const seen = new Set<string>();
    for (const entry of contents.keySet) {
      for (const name of entry.names) {
        if (!seen.has(name)) owners.push(name);
        seen.add(name);
      }
    }
    for (const name of [...contents.shareSet.keys()].sort()) {
      if (!seen.has(name)) owners.push(name);
      seen.add(name);
    }
    return { owners, labels: contents.labels, predicate: contents.predicate };
  }

  /**
   * Decrypts with the caller's delegations and encrypts again for a new access
   * structure and labels. The blob's Usages are kept, as the original does, so a
   * sign-only key cannot be laundered into a decryptable one.
   */
  async reEncrypt(
    blob: Buffer,
    user: { name: string; admin: boolean },
    access: AccessRequest,
    labels: string[],
  ): Promise<SealedBlob> {
    const wrapDataKey = this.planAccess(access);
    const decrypted = await this.decrypt(blob, user.name, 're-encrypt', this.delegations, user.admin);
    try {
      return await this.seal(decrypted.plaintext, wrapDataKey, labels, decrypted.usages);
    } finally {
      decrypted.plaintext.fill(0);
    }
  }
}

/**
 * The owner-list structure a request asks for; a predicate string for M-of-N
 * with M above 2 (the original refused those; a threshold predicate keeps the
 * blob readable by it); null when the request names a predicate (or nothing).
 */
function ownerListAccess(access: AccessRequest): OwnerListAccess | string | null {
  const hasOwners = access.owners.length > 0;
  const hasLeftRight = access.leftOwners.length > 0 || access.rightOwners.length > 0;
  if ([hasOwners, hasLeftRight, access.predicate !== ''].filter(Boolean).length > 1) {
    throw new RoError('ERR_MIXED_ACCESS_STRUCTURE');
  }
  if (hasOwners && access.minimum > 0) {
    if (new Set(access.owners).size !== access.owners.length) throw new RoError('ERR_DUPLICATE_OWNER');
    if (access.minimum > access.owners.length) throw new RoError('ERR_MINIMUM_TOO_LARGE');
    if (access.minimum > 2) return asRoError(() => thresholdPredicate(access.minimum, access.owners));
    return minimumOfOwners(access.minimum as 1 | 2, access.owners);
  }
  if (access.leftOwners.length > 0 && access.rightOwners.length > 0) {
    return leftAndRight(access.leftOwners, access.rightOwners);
  }
  return null;
}

function asRoError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof PredicateError) throw new RoError(error.code, error.message);
    throw error;
  }
}

function checkUsage(usages: string[], purpose: Purpose): void {
  if (purpose === 're-encrypt') return;
  if (purpose === 'decrypt' && usages.length > 0 && !usages.includes('decrypt')) {
    throw new RoError('ERR_CANNOT_DECRYPT');
  }
  if (purpose === 'ssh-sign-with' && !usages.includes('ssh-sign-with')) throw new RoError('ERR_CANNOT_SIGN');
}

/**
 * A blob /decrypt refuses (an SSH key for signing only) keeps its secret in
 * the server; re-sealing it for new owners is the one way to hand its control
 * to someone else, so only one of its owners (or an admin, as when the
 * original's operators rotate owners) may ask. The original let any user with
 * enough delegations re-seal it, for themselves alone.
 */
function checkReSealer(contents: BlobContents, user: string): void {
  if (contents.usages.length === 0 || contents.usages.includes('decrypt')) return;
  const isOwner = contents.keySet.some((entry) => entry.names.includes(user)) || contents.shareSet.has(user);
  if (!isOwner) throw new RoError('ERR_REENCRYPT_NOT_OWNER');
}

/** Sizes the original checks (or crashes on); refused before any delegation is touched. */
function checkShape(contents: BlobContents): void {
  const wholeBlocks = contents.data.length > 0 && contents.data.length % 16 === 0;
  const keysOk = contents.keySet.every((entry) => entry.key.length === 16);
  const sharesOk = [...contents.shareSet.values()].every((shares) => shares.every((s) => s.length === 16));
  if (contents.iv.length !== 16 || !wholeBlocks || !keysOk || !sharesOk) {
    throw new RoError('ERR_MALFORMED_BLOB');
  }
}

/**
 * Tries the KeySet entries whose owners all have a usable delegation, those
 * needing the fewest delegations first. An entry that fails to unwrap (say, an
 * owner was deleted and re-created with a new key) does not end the search.
 */
function unwrapFromKeySet(
  contents: BlobContents,
  user: string,
  delegations: DelegationCache,
): { dataKey: Buffer; spent: Delegation[] } {
  const candidates = [...contents.keySet].sort((a, b) => a.names.length - b.names.length);
  let sawCandidate = false;
  for (const entry of candidates) {
    const found = entry.names.map((name) => delegations.find(name, user, contents.labels));
    if (found.some((delegation) => delegation === undefined)) continue;
    sawCandidate = true;
    const dataKey = tryUnwrapEntry(entry, found as Delegation[], contents.keySetRsa);
    if (dataKey !== null) return { dataKey, spent: [...new Set(found as Delegation[])] };
  }
  throw new RoError(sawCandidate ? 'ERR_UNWRAP_FAILED' : 'ERR_NOT_ENOUGH_DELEGATIONS');
}

function tryUnwrapEntry(
  entry: WrappedKeyEntry,
  delegations: Delegation[],
  keySetRsa: ReadonlyMap<string, Buffer>,
): Buffer | null {
  let key = entry.key;
  try {
    for (const [i, name] of entry.names.entries()) {
      const wrapped = keySetRsa.get(name);
      if (wrapped === undefined) return null;
      const ownerKey = unwrapKeyWith(delegations[i]!.privateKey, wrapped);
      key = decryptBlock(ownerKey, key);
      ownerKey.fill(0);
    }
    return key;
  } catch {
    return null;
  }
}
