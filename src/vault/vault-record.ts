/**
 * One user's record in the vault: password check values and the private key
 * sealed under a key derived from the password (SPEC section 3).
 *
 * Sealing: passKey = scrypt(password, keySalt); each private part is
 * AES-128-CBC(passKey, own random IV) of the part after the original's padding.
 * RSA parts are D, P and Q as minimal big-endian bytes; the P-256 part is the
 * SEC1 DER of the key.
 */
import { decryptCbc, encryptCbc } from '../crypto/aes.js';
import { bigintToBytes, bytesToBigint } from '../crypto/bigint.js';
import { ecKeyFromSec1, generateEcKey, type EcPublicPoint } from '../crypto/ecc.js';
import {
  rsaPrivateKeyFromObject,
  rsaRecipient,
  type KeyType,
  type PrivateKey,
  type RecipientKey,
} from '../crypto/key-wrap.js';
import { constantTimeEqual } from '../crypto/mac.js';
import { addPadding, removePadding } from '../crypto/padding.js';
import { randomKey } from '../crypto/random.js';
import { generateRsaKey, rsaPrivateKey, type RsaKeyParts } from '../crypto/rsa.js';
import { deriveKey } from '../crypto/scrypt.js';

export interface SealedPart {
  ciphertext: Buffer;
  iv: Buffer;
}

export interface RsaSealedKey {
  exponent: SealedPart;
  primeP: SealedPart;
  primeQ: SealedPart;
  n: bigint;
  e: number;
}

export interface EcSealedKey {
  privateKey: SealedPart;
  point: EcPublicPoint;
}

export interface VaultRecord {
  type: KeyType;
  passwordSalt: Buffer;
  hashedPassword: Buffer;
  keySalt: Buffer;
  rsa?: RsaSealedKey;
  ec?: EcSealedKey;
  /** Alternative names (the original kept a HipChat handle here); written back as found. */
  altNames: ReadonlyMap<string, string>;
  admin: boolean;
  /** Ours: the user's TOTP authenticator, when one is enrolled or being enrolled. */
  totp?: TotpEnrolment;
}

/**
 * A TOTP second factor (RFC 6238). The original has no such field and its
 * decoder skips unknown ones, so a vault holding enrolments still loads there.
 */
export interface TotpEnrolment {
  /** The shared secret, sealed under the password key exactly like a private key part. */
  secret: SealedPart;
  /** False until a first valid code has shown that the authenticator holds the secret. */
  confirmed: boolean;
  /** The last time step whose code was accepted (0: none); older and equal steps are replays. */
  lastStep: number;
  /** SHA-256 of each unused recovery code; a used code's hash is removed. */
  recoveryCodes: readonly Buffer[];
}

/**
 * The unsealed key material of a record, in the form needed to reseal it.
 * `totpSecret` is there only when asked for (see unsealRecord), so that a
 * password change reseals the TOTP secret with the key.
 */
export type KeyMaterial = ({ type: 'RSA'; rsa: RsaKeyParts } | { type: 'ECC'; sec1: Buffer }) & {
  totpSecret?: Buffer;
};

function seal(passKey: Buffer, plaintext: Buffer): SealedPart {
  const iv = randomKey(16);
  return { ciphertext: encryptCbc(passKey, iv, addPadding(plaintext)), iv };
}

function unseal(passKey: Buffer, part: SealedPart): Buffer {
  return removePadding(decryptCbc(passKey, part.iv, part.ciphertext));
}

function sealKeyMaterial(
  material: KeyMaterial,
  passKey: Buffer,
): Pick<VaultRecord, 'type' | 'rsa' | 'ec'> {
  if (material.type === 'RSA') {
    const { n, e, d, p, q } = material.rsa;
    return {
      type: 'RSA',
      rsa: {
        exponent: seal(passKey, bigintToBytes(d)),
        primeP: seal(passKey, bigintToBytes(p)),
        primeQ: seal(passKey, bigintToBytes(q)),
        n,
        e,
      },
    };
  }
  const ec = ecKeyFromSec1(material.sec1);
  return { type: 'ECC', ec: { privateKey: seal(passKey, material.sec1), point: { x: ec.x, y: ec.y } } };
}

async function generateKeyMaterial(type: KeyType): Promise<KeyMaterial> {
  if (type === 'RSA') return { type, rsa: await generateRsaKey() };
  return { type, sec1: (await generateEcKey()).sec1 };
}

/**
 * Makes a fresh record with a new key pair. Key generation and both scrypt
 * derivations run concurrently on the thread pool.
 */
export async function createRecord(
  password: string,
  type: KeyType,
  admin: boolean,
): Promise<VaultRecord> {
  const passwordSalt = randomKey(16);
  const keySalt = randomKey(16);
  const [material, hashedPassword, passKey] = await Promise.all([
    generateKeyMaterial(type),
    deriveKey(password, passwordSalt),
    deriveKey(password, keySalt),
  ]);
  try {
    const sealed = sealKeyMaterial(material, passKey);
    return { ...sealed, passwordSalt, hashedPassword, keySalt, altNames: new Map(), admin };
  } finally {
    passKey.fill(0);
  }
}

/** True when `password` matches the record's hash (constant-time compare). */
export async function checkPassword(record: VaultRecord, password: string): Promise<boolean> {
  const hash = await deriveKey(password, record.passwordSalt);
  return constantTimeEqual(hash, record.hashedPassword);
}

/**
 * Checks the password and unseals the key material in one go; the two scrypt
 * derivations run concurrently. Returns null for a wrong password. Throws
 * RangeError when the password is right but the sealed key is damaged. With
 * `withTotpSecret`, the record's TOTP secret (if any) comes along.
 */
export async function unsealRecord(
  record: VaultRecord,
  password: string,
  options: { withTotpSecret?: boolean } = {},
): Promise<KeyMaterial | null> {
  const [passwordOk, passKey] = await Promise.all([
    checkPassword(record, password),
    deriveKey(password, record.keySalt),
  ]);
  try {
    if (!passwordOk) return null;
    const material = unsealKeyMaterial(record, passKey);
    if (options.withTotpSecret && record.totp) material.totpSecret = unseal(passKey, record.totp.secret);
    return material;
  } finally {
    passKey.fill(0);
  }
}

function unsealKeyMaterial(record: VaultRecord, passKey: Buffer): KeyMaterial {
  if (record.type === 'RSA') {
    const rsa = record.rsa!;
    const parts: RsaKeyParts = {
      n: rsa.n,
      e: rsa.e,
      d: bytesToBigint(unseal(passKey, rsa.exponent)),
      p: bytesToBigint(unseal(passKey, rsa.primeP)),
      q: bytesToBigint(unseal(passKey, rsa.primeQ)),
    };
    rsaPrivateKey(parts);
    return { type: 'RSA', rsa: parts };
  }
  const sec1 = Buffer.from(unseal(passKey, record.ec!.privateKey));
  const ec = ecKeyFromSec1(sec1);
  if (ec.x !== record.ec!.point.x || ec.y !== record.ec!.point.y) {
    throw new RangeError('sealed EC key does not match its public key');
  }
  return { type: 'ECC', sec1 };
}

/** Reseals the same key material under a new password, with fresh salts and IVs. */
export async function resealRecord(
  record: VaultRecord,
  material: KeyMaterial,
  newPassword: string,
): Promise<VaultRecord> {
  const passwordSalt = randomKey(16);
  const keySalt = randomKey(16);
  const [hashedPassword, passKey] = await Promise.all([
    deriveKey(newPassword, passwordSalt),
    deriveKey(newPassword, keySalt),
  ]);
  try {
    const sealed = sealKeyMaterial(material, passKey);
    const totp = record.totp && { ...record.totp, secret: resealTotpSecret(material, passKey) };
    return { ...record, rsa: undefined, ec: undefined, ...sealed, passwordSalt, hashedPassword, keySalt, totp };
  } finally {
    passKey.fill(0);
  }
}

function resealTotpSecret(material: KeyMaterial, passKey: Buffer): SealedPart {
  // Without it the old seal would stay, under a key the new password no longer derives.
  if (material.totpSecret === undefined) throw new TypeError('expected the TOTP secret to reseal');
  return seal(passKey, material.totpSecret);
}

/**
 * Checks the password and, when it is right, runs `use` with the record's
 * password key (zeroed afterwards). Returns null for a wrong password. Both
 * scrypt derivations run concurrently.
 */
async function withPassKey<T>(
  record: VaultRecord,
  password: string,
  use: (passKey: Buffer) => T,
): Promise<T | null> {
  const [passwordOk, passKey] = await Promise.all([
    checkPassword(record, password),
    deriveKey(password, record.keySalt),
  ]);
  try {
    return passwordOk ? use(passKey) : null;
  } finally {
    passKey.fill(0);
  }
}

/**
 * Seals a further secret of the user (the TOTP secret) under the password
 * key, as the private key is sealed. Returns null for a wrong password. The
 * plaintext is not kept.
 */
export function sealWithPassword(
  record: VaultRecord,
  password: string,
  plaintext: Buffer,
): Promise<SealedPart | null> {
  return withPassKey(record, password, (passKey) => seal(passKey, plaintext));
}

/**
 * Unseals a part sealed by sealWithPassword. Returns null for a wrong
 * password; throws RangeError when the part is damaged. The caller owns (and
 * should zero) the result.
 */
export function unsealWithPassword(
  record: VaultRecord,
  password: string,
  part: SealedPart,
): Promise<Buffer | null> {
  return withPassKey(record, password, (passKey) => unseal(passKey, part));
}

/** The in-memory private key for a delegation. */
export function toPrivateKey(material: KeyMaterial): PrivateKey {
  if (material.type === 'RSA') return rsaPrivateKeyFromObject(rsaPrivateKey(material.rsa));
  const ec = ecKeyFromSec1(material.sec1);
  return { type: 'ECC', scalar: ec.scalar, der: ec.sec1 };
}

/** The public key to wrap data keys for this user. */
export function recipientOf(record: VaultRecord): RecipientKey {
  if (record.type === 'RSA') return rsaRecipient(record.rsa!.n, record.rsa!.e);
  return { type: 'ECC', point: record.ec!.point };
}
