/**
 * The encrypted blob format (SPEC section 5), read and written as the original
 * does, so blobs move freely between the two servers.
 *
 * Outer: {"Version":-1,"Data":<inner JSON bytes>,"Signature":HMAC-SHA1(HmacKey, inner bytes)}.
 * Inner: Version 1, VaultId, Labels, Usages, Predicate, KeySet, KeySetRSA,
 * ShareSet, IV, Data, Signature, where the inner Signature is an HMAC over a
 * fixed walk of the fields (`innerSignature`). Both are checked on open, in the
 * original's order, because clients see which check failed.
 */
import { z } from 'zod';

import { decodeGoBase64 } from '../codec/go-base64.js';
import {
  asBytes,
  base64Length,
  base64Pieces,
  ChunkedBytes,
  encodedLength,
  compareUtf8,
  encodeGoJsonPieces,
  goMap,
  piecesToBuffer,
  sortedByUtf8,
  type GoJsonValue,
  type Piece,
} from '../codec/go-json.js';
import { DecodedBase64, GoDecodeError, parseJsonBytes } from '../codec/go-json-parse.js';
import { GoStruct } from '../codec/go-struct.js';
import { constantTimeEqual, hmacSha1Stepwise, startHmacSha1 } from '../crypto/mac.js';
import { RoError } from '../errors.js';
import { finishInTurns, type Stepwise } from '../stepwise.js';

/** The data key, wrapped by each listed owner's key in turn (first name outermost). */
export interface WrappedKeyEntry {
  names: string[];
  key: Buffer;
}

export interface BlobContents {
  vaultId: number;
  labels: string[];
  usages: string[];
  predicate: string;
  keySet: WrappedKeyEntry[];
  /** Per-owner AES key, wrapped with the owner's public key. */
  keySetRsa: Map<string, Buffer>;
  /** Predicate shares per owner, each encrypted as one AES block under the owner's key. */
  shareSet: Map<string, Buffer[]>;
  iv: Buffer;
  data: Buffer;
}

export interface VaultIdentity {
  vaultId: number;
  hmacKey: Buffer;
}

const SEALED_VERSION = -1;
const INNER_VERSION = 1;

const base64Text = z.string().transform((text, context) => {
  try {
    return decodeGoBase64(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
const base64Bytes = z.union([z.instanceof(DecodedBase64).transform((value) => value.bytes), base64Text]);
const optionalBytes = base64Bytes.nullish().transform((value) => value ?? Buffer.alloc(0));
const optionalStrings = z.array(z.string()).nullish().transform((value) => value ?? []);

const innerSchema = z.object({
  Version: z.number().int(),
  VaultId: z.number().int().nullish().transform((value) => value ?? 0),
  Labels: optionalStrings,
  Usages: optionalStrings,
  Predicate: z.string().nullish().transform((value) => value ?? ''),
  KeySet: z
    .array(z.object({ Name: optionalStrings, Key: optionalBytes }))
    .nullish()
    .transform((value) => value ?? []),
  KeySetRSA: z.record(z.string(), z.object({ Key: optionalBytes })).nullish(),
  ShareSet: z.record(z.string(), z.array(base64Bytes)).nullish(),
  IV: optionalBytes,
  Data: optionalBytes,
  Signature: optionalBytes,
});

// The outer object, decoded with Go's rules so a wrong type reads as Go's error.
const outerStruct = new GoStruct('cryptor.EncryptedData', {
  Version: 'int',
  Data: 'bytes',
  Signature: 'bytes',
});

/** HMAC over the inner fields in the original's order, with its sorting rules (stepwise: it covers the data). */
function innerSignature(contents: BlobContents, hmacKey: Buffer): Stepwise<Buffer> {
  const parts: Array<Buffer | string> = [String(INNER_VERSION), String(contents.vaultId)];
  for (const entry of sortKeySet(contents.keySet)) parts.push(...entry.names, entry.key);
  for (const name of sortedByUtf8([...contents.keySetRsa.keys()])) {
    parts.push(name, contents.keySetRsa.get(name)!);
  }
  parts.push(contents.iv, contents.data, ...sortedByUtf8(contents.labels), ...sortedByUtf8(contents.usages));
  return hmacSha1Stepwise(hmacKey, parts);
}

/**
 * Orders KeySet entries as the original does before signing: name lists are
 * compared element by element over the shorter length, and a list that is a
 * prefix of another counts as equal (the sort is stable, so those keep their order).
 */
export function sortKeySet(keySet: readonly WrappedKeyEntry[]): WrappedKeyEntry[] {
  return [...keySet].sort((a, b) => {
    const length = Math.min(a.names.length, b.names.length);
    for (let i = 0; i < length; i++) {
      const order = compareUtf8(a.names[i]!, b.names[i]!);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * A sealed blob: inner JSON with its signature, wrapped in the signed outer
 * object. Its bytes are produced as they are read, and the outer HMAC is taken
 * as the inner bytes go by, so a large blob is never held whole unless
 * `toBuffer` asks for it (see ChunkedBytes). Made by sealBlob.
 */
export class SealedBlob extends ChunkedBytes {
  constructor(inner: GoJsonValue, hmacKey: Buffer) {
    const length = OUTER_HEAD.length + base64Length(encodedLength(inner)) + OUTER_TAIL_LENGTH;
    super(() => outerPieces(inner, hmacKey), length);
  }

  toBuffer(): Buffer {
    return piecesToBuffer(this.pieces());
  }
}

/** Seals `contents`; the inner signature over the data is taken in turns with other work. */
export async function sealBlob(contents: BlobContents, identity: VaultIdentity): Promise<SealedBlob> {
  const sorted = {
    ...contents,
    labels: sortedByUtf8(contents.labels),
    usages: sortedByUtf8(contents.usages),
    keySet: sortKeySet(contents.keySet),
  };
  const signature = await finishInTurns(innerSignature(sorted, identity.hmacKey));
  return new SealedBlob(innerJson(sorted, signature), identity.hmacKey);
}

/** The outer object, Go's EncryptedData with its fields in order, around the inner JSON. */
function* outerPieces(inner: GoJsonValue, hmacKey: Buffer): Generator<Piece> {
  const outerMac = startHmacSha1(hmacKey);
  function* signedInnerPieces(): Generator<Piece> {
    for (const piece of encodeGoJsonPieces(inner)) {
      outerMac.update(piece);
      yield piece;
    }
  }

  yield OUTER_HEAD;
  yield* base64Pieces(asBytes(signedInnerPieces()));
  yield `","Signature":"${outerMac.digest('base64')}"}`;
}

const OUTER_HEAD = `{"Version":${SEALED_VERSION},"Data":"`;
// `","Signature":"`, the base64 of a 20-byte HMAC-SHA1, and `"}`.
const OUTER_TAIL_LENGTH = 15 + base64Length(20) + 2;

// Field order and omitempty rules of the original's EncryptedData struct.
function innerJson(contents: BlobContents, signature: Buffer): GoJsonValue {
  const nonEmpty = <T>(items: T[]) => (items.length > 0 ? items : undefined);
  return {
    Version: INNER_VERSION,
    VaultId: contents.vaultId === 0 ? undefined : contents.vaultId,
    Labels: nonEmpty(contents.labels),
    Usages: nonEmpty(contents.usages),
    Predicate: contents.predicate === '' ? undefined : contents.predicate,
    KeySet: nonEmpty(contents.keySet.map((entry) => ({ Name: entry.names, Key: entry.key }))),
    KeySetRSA:
      contents.keySetRsa.size > 0
        ? goMap([...contents.keySetRsa].map(([name, key]) => [name, { Key: key }]))
        : undefined,
    ShareSet: contents.shareSet.size > 0 ? goMap(contents.shareSet) : undefined,
    IV: contents.iv.length > 0 ? contents.iv : undefined,
    Data: contents.data,
    Signature: signature,
  };
}

/**
 * Opens a blob and checks it in the original's order: JSON, version, outer
 * signature, vault id, inner signature. `secure` is false for the legacy
 * unsigned form (outer Version 1). Throws RoError with the original's statuses
 * (the JSON and base64 errors carry Go's text).
 */
export async function openBlob(
  bytes: Buffer,
  identity: VaultIdentity,
): Promise<{ contents: BlobContents; secure: boolean }> {
  const top = await decodeJson(bytes);
  const outer = decodeOuter(top);
  if (outer.Version !== SEALED_VERSION && outer.Version !== INNER_VERSION) {
    throw new RoError('ERR_UNKNOWN_VERSION');
  }

  const secure = outer.Version === SEALED_VERSION;
  let innerValue = top;
  if (secure) {
    const outerSignature = await finishInTurns(hmacSha1Stepwise(identity.hmacKey, [outer.Data]));
    if (!constantTimeEqual(outerSignature, outer.Signature)) throw new RoError('ERR_SIGNATURE_MISMATCH');
    innerValue = await decodeJson(outer.Data);
  }

  const parsed = innerSchema.safeParse(innerValue);
  if (!parsed.success) throw new RoError('ERR_MALFORMED_BLOB');
  const inner = parsed.data;
  if (inner.VaultId !== identity.vaultId) throw new RoError('ERR_WRONG_VAULT');

  const contents: BlobContents = {
    vaultId: inner.VaultId,
    labels: inner.Labels,
    usages: inner.Usages,
    predicate: inner.Predicate,
    keySet: inner.KeySet.map((entry) => ({ names: entry.Name, key: entry.Key })),
    keySetRsa: new Map(Object.entries(inner.KeySetRSA ?? {}).map(([name, value]) => [name, value.Key])),
    shareSet: new Map(Object.entries(inner.ShareSet ?? {})),
    iv: inner.IV,
    data: inner.Data,
  };
  const signature = await finishInTurns(innerSignature(contents, identity.hmacKey));
  if (!constantTimeEqual(signature, inner.Signature)) throw new RoError('ERR_SIGNATURE_MISMATCH');
  return { contents, secure };
}

// The members that carry the bulk of a blob, decoded without a text round trip.
const BULK_MEMBERS = new Set(['data']);

async function decodeJson(bytes: Buffer): Promise<unknown> {
  try {
    return await parseJsonBytes(bytes, BULK_MEMBERS);
  } catch (error) {
    if (error instanceof GoDecodeError) throw new RoError('ERR_BAD_JSON', error.message);
    throw error;
  }
}

function decodeOuter(value: unknown): { Version: number; Data: Buffer; Signature: Buffer } {
  try {
    return outerStruct.decode(value);
  } catch (error) {
    if (error instanceof GoDecodeError) {
      throw new RoError(error.kind === 'base64' ? 'ERR_BAD_BASE64' : 'ERR_BAD_JSON', error.message);
    }
    throw error;
  }
}
