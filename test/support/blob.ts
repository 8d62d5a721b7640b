/**
 * An independent reading of the blob format, written from SPEC section 5 with
 * node:crypto only, to check what our server writes field by field.
 */
import { createHmac } from 'node:crypto';

export interface OuterBlob {
  keys: string[];
  version: number;
  data: Buffer;
  signature: Buffer;
}

export function decodeOuter(responseBase64: string): OuterBlob {
  const text = Buffer.from(responseBase64, 'base64').toString('utf8');
  const outer = JSON.parse(text);
  return {
    keys: Object.keys(outer),
    version: outer.Version,
    data: Buffer.from(outer.Data, 'base64'),
    signature: Buffer.from(outer.Signature, 'base64'),
  };
}

export function hmacSha1(key: Buffer, parts: Array<Buffer | string>): Buffer {
  const mac = createHmac('sha1', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The inner signature exactly as SPEC section 5 words it. */
export function expectedInnerSignature(inner: Record<string, any>, hmacKey: Buffer): Buffer {
  const parts: Array<Buffer | string> = [String(inner.Version), String(inner.VaultId)];
  const keySet = [...(inner.KeySet ?? [])].sort((a, b) => {
    for (let i = 0; i < Math.min(a.Name.length, b.Name.length); i++) {
      const order = byteOrder(a.Name[i], b.Name[i]);
      if (order !== 0) return order;
    }
    return 0;
  });
  for (const entry of keySet) parts.push(...entry.Name, Buffer.from(entry.Key, 'base64'));
  for (const name of Object.keys(inner.KeySetRSA ?? {}).sort(byteOrder)) {
    parts.push(name, Buffer.from(inner.KeySetRSA[name].Key, 'base64'));
  }
  parts.push(Buffer.from(inner.IV, 'base64'), Buffer.from(inner.Data, 'base64'));
  parts.push(...[...(inner.Labels ?? [])].sort(byteOrder), ...[...(inner.Usages ?? [])].sort(byteOrder));
  return hmacSha1(hmacKey, parts);
}
