/**
 * Standard base64 with padding, decoded with the rules of Go's
 * base64.StdEncoding: that is how the original reads every `[]byte` field, so
 * the same inputs must be accepted and refused, with the same error offset
 * ("illegal base64 data at input byte 3"). Node's own decoder is far more
 * lenient (it accepts the URL alphabet and skips junk), so it is only trusted
 * once the input has passed this check.
 */

const STRICT_STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const ALPHABET = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const CR = 0x0d;
const LF = 0x0a;
const PAD = 0x3d;

/** Thrown for input Go would refuse; `offset` is Go's byte offset. */
export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.name = 'Base64Error';
  }
}

/** Decodes standard padded base64 as Go does, or throws `Base64Error`. */
export function decodeGoBase64(text: string): Buffer {
  if (text.length % 4 === 0 && STRICT_STANDARD.test(text)) return Buffer.from(text, 'base64');

  const offset = findGoBase64Error(Buffer.from(text, 'utf8'));
  if (offset !== null) throw new Base64Error(offset);
  // Only CR and LF can make valid input miss the fast path; Go skips them.
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64');
}

/** Walks the input in 4-character quanta exactly as Go's decoder does. */
function findGoBase64Error(src: Buffer): number | null {
  let si = 0;
  for (;;) {
    let j = 0;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return null;
        return si - j;
      }
      const byte = src[si++]!;
      if (ALPHABET.has(String.fromCharCode(byte)) && byte < 0x80) {
        j++;
        continue;
      }
      if (byte === LF || byte === CR) continue;
      if (byte !== PAD || j < 2) return si - 1;
      return checkPaddingTail(src, si, j);
    }
  }
}

/** After the first '=' of a quantum: the rest must be padding and line breaks. */
function checkPaddingTail(src: Buffer, start: number, charsInQuantum: number): number | null {
  let si = start;
  const skipLineBreaks = () => {
    while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
  };
  if (charsInQuantum === 2) {
    skipLineBreaks();
    if (si === src.length) return src.length;
    if (src[si] !== PAD) return si - 1;
    si++;
  }
  skipLineBreaks();
  return si < src.length ? si : null;
}
