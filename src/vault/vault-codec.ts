/**
 * The vault file format, read and written exactly as the original does.
 *
 * Two traps: the RSA modulus, EC points and curve parameters are bare JSON
 * integers far wider than a double (JSON.parse would round them), so the file
 * is read keeping every number's digits; and the original writes with Go's encoder,
 * so writing goes through `encodeGoJson` with Go's field order and sorted map
 * keys. Loading a file and writing it again gives the same bytes.
 *
 * A record may carry one field of ours, `TOTP` (a second factor). Go's decoder
 * skips unknown fields, so the original still loads such a vault; the field is
 * written only when present, so a vault without enrolments is unchanged.
 */
import { decodeGoBase64 } from '../codec/go-base64.js';
import { NumberLiteral, parseJsonKeepingNumbers } from '../codec/go-json-parse.js';
import { encodeGoJson, goMap, RawJson, RawNumber, type GoJsonValue } from '../codec/go-json.js';
import type { EcSealedKey, RsaSealedKey, SealedPart, TotpEnrolment, VaultRecord } from './vault-record.js';

export interface VaultContents {
  version: number;
  vaultId: number;
  hmacKey: Buffer;
  records: ReadonlyMap<string, VaultRecord>;
}

/** The file is not a vault the original would load; the message names the place. */
export class VaultFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultFormatError';
  }
}

// P-256 domain parameters as Go's elliptic.CurveParams writes them.
const P256_CURVE = {
  P: '115792089210356248762697446949407573530086143415290314195533631308867097853951',
  N: '115792089210356248762697446949407573529996955224135760342422259061068512044369',
  B: '41058363725152142129326129780047268409114441015993725554835256314039467401291',
  Gx: '48439561293906451759052585252797914202762949526041747995844080717082404635286',
  Gy: '36134250956749795798585127919587881956611106672985015071877198253568414405109',
  BitSize: 256,
  Name: 'P-256',
} as const;

/** A recovery code is kept as its SHA-256. */
const RECOVERY_HASH_LENGTH = 32;

type Json = null | boolean | string | NumberLiteral | Json[] | { [key: string]: Json };

class Reader {
  constructor(private readonly where: string) {}

  fail(field: string, expected: string): never {
    throw new VaultFormatError(`${this.where}: ${field} ${expected}`);
  }

  object(value: Json | undefined, field: string): { [key: string]: Json } {
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof NumberLiteral) {
      this.fail(field, 'must be an object');
    }
    return value as { [key: string]: Json };
  }

  integer(value: Json | undefined, field: string): bigint | null {
    if (value === null || value === undefined) return null;
    if (!(value instanceof NumberLiteral) || !/^-?\d+$/.test(value.text)) this.fail(field, 'must be an integer');
    return BigInt(value.text);
  }

  bytes(value: Json | undefined, field: string, length?: 'block' | 16): Buffer {
    if (value !== null && value !== undefined && typeof value !== 'string') {
      this.fail(field, 'must be a base64 string');
    }
    let decoded: Buffer;
    try {
      decoded = decodeGoBase64(value ?? '');
    } catch (error) {
      this.fail(field, `is not valid base64 (${(error as Error).message})`);
    }
    if (length === 16 && decoded.length !== 16) this.fail(field, `must be 16 bytes, got ${decoded.length}`);
    if (length === 'block' && (decoded.length === 0 || decoded.length % 16 !== 0)) {
      this.fail(field, `must be a non-empty multiple of 16 bytes, got ${decoded.length}`);
    }
    return decoded;
  }

  sealed(parent: { [key: string]: Json }, field: string, prefix: string): SealedPart {
    return {
      ciphertext: this.bytes(parent[field], `${prefix}.${field}`, 'block'),
      iv: this.bytes(parent[`${field}IV`], `${prefix}.${field}IV`, 16),
    };
  }
}

/** Parses and validates a vault file; throws VaultFormatError naming the user and field. */
export function parseVault(text: string): VaultContents {
  let root: Json;
  try {
    root = parseJsonKeepingNumbers(text) as Json;
  } catch (error) {
    throw new VaultFormatError(`not valid JSON: ${(error as Error).message}`);
  }
  const top = new Reader('vault');
  const fields = top.object(root, 'top level');
  const version = Number(top.integer(fields.Version, 'Version') ?? 0n);
  const vaultId = top.integer(fields.VaultId, 'VaultId') ?? 0n;
  if (vaultId < 0n || vaultId >= 2n ** 63n) top.fail('VaultId', 'is out of range');
  const hmacKey = top.bytes(fields.HmacKey, 'HmacKey');

  const records = new Map<string, VaultRecord>();
  for (const [name, value] of Object.entries(top.object(fields.Passwords, 'Passwords'))) {
    records.set(name, parseRecord(new Reader(`user "${name}"`), value));
  }
  if (version !== 0 && hmacKey.length === 0) top.fail('HmacKey', 'is missing');
  return { version, vaultId: Number(vaultId), hmacKey, records };
}

function parseRecord(read: Reader, value: Json): VaultRecord {
  const fields = read.object(value, 'record');
  const type = fields.Type;
  if (type !== 'RSA' && type !== 'ECC') read.fail('Type', 'must be "RSA" or "ECC"');

  const altNames = new Map<string, string>();
  for (const [key, alt] of Object.entries(read.object(fields.AltNames, 'AltNames'))) {
    if (typeof alt !== 'string') read.fail(`AltNames.${key}`, 'must be a string');
    altNames.set(key, alt);
  }
  if (fields.Admin !== undefined && fields.Admin !== null && typeof fields.Admin !== 'boolean') {
    read.fail('Admin', 'must be a boolean');
  }

  return {
    type,
    passwordSalt: read.bytes(fields.PasswordSalt, 'PasswordSalt', 16),
    hashedPassword: read.bytes(fields.HashedPassword, 'HashedPassword', 16),
    keySalt: read.bytes(fields.KeySalt, 'KeySalt', 16),
    rsa: type === 'RSA' ? parseRsaKey(read, read.object(fields.RSAKey, 'RSAKey')) : undefined,
    ec: type === 'ECC' ? parseEcKey(read, read.object(fields.ECKey, 'ECKey')) : undefined,
    altNames,
    admin: fields.Admin === true,
    ...(fields.TOTP === undefined || fields.TOTP === null ? {} : { totp: parseTotp(read, fields.TOTP) }),
  };
}

/** Ours (the original skips the field): see TotpEnrolment. */
function parseTotp(read: Reader, value: Json): TotpEnrolment {
  const totp = read.object(value, 'TOTP');
  if (typeof totp.Confirmed !== 'boolean') read.fail('TOTP.Confirmed', 'must be a boolean');
  const lastStep = read.integer(totp.LastStep, 'TOTP.LastStep') ?? 0n;
  if (lastStep < 0n || lastStep > BigInt(Number.MAX_SAFE_INTEGER)) read.fail('TOTP.LastStep', 'is out of range');
  const codes = totp.RecoveryCodes ?? [];
  if (!Array.isArray(codes)) read.fail('TOTP.RecoveryCodes', 'must be a list');
  return {
    secret: read.sealed(totp, 'Secret', 'TOTP'),
    confirmed: totp.Confirmed,
    lastStep: Number(lastStep),
    recoveryCodes: codes.map((code, index) => {
      const hash = read.bytes(code, `TOTP.RecoveryCodes[${index}]`);
      if (hash.length !== RECOVERY_HASH_LENGTH) {
        read.fail(`TOTP.RecoveryCodes[${index}]`, `must be ${RECOVERY_HASH_LENGTH} bytes, got ${hash.length}`);
      }
      return hash;
    }),
  };
}

function parseRsaKey(read: Reader, key: { [key: string]: Json }): RsaSealedKey {
  const publicKey = read.object(key.RSAPublic, 'RSAKey.RSAPublic');
  const n = read.integer(publicKey.N, 'RSAKey.RSAPublic.N');
  const e = read.integer(publicKey.E, 'RSAKey.RSAPublic.E');
  if (n === null || n <= 0n) read.fail('RSAKey.RSAPublic.N', 'must be a positive integer');
  if (e === null || e < 3n || e > 2n ** 31n) read.fail('RSAKey.RSAPublic.E', 'is out of range');
  return {
    exponent: read.sealed(key, 'RSAExp', 'RSAKey'),
    primeP: read.sealed(key, 'RSAPrimeP', 'RSAKey'),
    primeQ: read.sealed(key, 'RSAPrimeQ', 'RSAKey'),
    n,
    e: Number(e),
  };
}

function parseEcKey(read: Reader, key: { [key: string]: Json }): EcSealedKey {
  const publicKey = read.object(key.ECPublic, 'ECKey.ECPublic');
  const curve = read.object(publicKey.Curve, 'ECKey.ECPublic.Curve');
  if (curve.Name !== P256_CURVE.Name || read.integer(curve.P, 'ECKey.ECPublic.Curve.P')?.toString() !== P256_CURVE.P) {
    read.fail('ECKey.ECPublic.Curve', 'must be P-256');
  }
  const x = read.integer(publicKey.X, 'ECKey.ECPublic.X');
  const y = read.integer(publicKey.Y, 'ECKey.ECPublic.Y');
  if (x === null || y === null) read.fail('ECKey.ECPublic', 'must have X and Y');
  return { privateKey: read.sealed(key, 'ECPriv', 'ECKey'), point: { x, y } };
}

/**
 * Each record's JSON, kept while the record lives. Records are replaced, never
 * changed in place, so a mutation of a 10,000-user vault encodes one record
 * again rather than all of them (a second of work on every write otherwise).
 */
const encodedRecords = new WeakMap<VaultRecord, RawJson>();

function encodedRecord(record: VaultRecord): RawJson {
  let encoded = encodedRecords.get(record);
  if (encoded === undefined) {
    encoded = new RawJson(encodeGoJson(recordJson(record)));
    encodedRecords.set(record, encoded);
  }
  return encoded;
}

/** Writes the vault as the original's json.Marshal would. */
export function serializeVault(contents: VaultContents): Buffer {
  const passwords = goMap([...contents.records].map(([name, record]) => [name, encodedRecord(record)]));
  const text = encodeGoJson({
    Version: contents.version,
    VaultId: contents.vaultId,
    HmacKey: contents.hmacKey,
    Passwords: passwords,
  });
  return Buffer.from(text, 'utf8');
}

function recordJson(record: VaultRecord): GoJsonValue {
  const rsa = record.rsa;
  const ec = record.ec;
  return {
    Type: record.type,
    PasswordSalt: record.passwordSalt,
    HashedPassword: record.hashedPassword,
    KeySalt: record.keySalt,
    RSAKey: {
      RSAExp: rsa?.exponent.ciphertext ?? null,
      RSAExpIV: rsa?.exponent.iv ?? null,
      RSAPrimeP: rsa?.primeP.ciphertext ?? null,
      RSAPrimePIV: rsa?.primeP.iv ?? null,
      RSAPrimeQ: rsa?.primeQ.ciphertext ?? null,
      RSAPrimeQIV: rsa?.primeQ.iv ?? null,
      RSAPublic: { N: rsa ? rsa.n : null, E: rsa?.e ?? 0 },
    },
    ECKey: {
      ECPriv: ec?.privateKey.ciphertext ?? null,
      ECPrivIV: ec?.privateKey.iv ?? null,
      ECPublic: {
        Curve: ec ? curveJson() : null,
        X: ec ? ec.point.x : null,
        Y: ec ? ec.point.y : null,
      },
    },
    AltNames: goMap(record.altNames),
    Admin: record.admin,
    // Left out when absent, so a record without it keeps the original's exact bytes.
    TOTP: record.totp && totpJson(record.totp),
  };
}

function totpJson(totp: TotpEnrolment): GoJsonValue {
  return {
    Secret: totp.secret.ciphertext,
    SecretIV: totp.secret.iv,
    Confirmed: totp.confirmed,
    LastStep: totp.lastStep,
    RecoveryCodes: [...totp.recoveryCodes],
  };
}

function curveJson(): GoJsonValue {
  return {
    P: new RawNumber(P256_CURVE.P),
    N: new RawNumber(P256_CURVE.N),
    B: new RawNumber(P256_CURVE.B),
    Gx: new RawNumber(P256_CURVE.Gx),
    Gy: new RawNumber(P256_CURVE.Gy),
    BitSize: P256_CURVE.BitSize,
    Name: P256_CURVE.Name,
  };
}
