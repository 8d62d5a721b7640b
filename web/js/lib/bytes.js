/**
 * Bytes, base64 and text. The API carries Go `[]byte` fields as standard
 * base64 with padding; these helpers are binary-safe (every byte value round
 * trips) and handle files of tens of megabytes.
 */

const CHUNK = 0x8000;

/** Standard base64 of a Uint8Array. */
export function bytesToBase64(bytes) {
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let binary = '';
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/** Decodes standard base64; throws a TypeError on anything else. */
export function base64ToBytes(text) {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw new TypeError('expected standard base64 text');
  }
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(clean);
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function textToBytes(text) {
  return new TextEncoder().encode(text);
}

/** The bytes as text when they are valid UTF-8 without control characters, else null. */
export function bytesAsText(bytes) {
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Tab, newline and carriage return are text; other C0 controls and DEL mean binary.
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Parses a `Response` field: base64 of JSON bytes. */
export function decodeJsonResponse(base64) {
  return JSON.parse(new TextDecoder().decode(base64ToBytes(base64)));
}
