import { describe, expect, it } from 'vitest';

import { Base64Error, decodeGoBase64 } from './go-base64.js';

function offsetOf(text: string): number | null {
  try {
    decodeGoBase64(text);
    return null;
  } catch (error) {
    return (error as Base64Error).offset;
  }
}

describe('decodeGoBase64', () => {
  it('decodes standard padded base64', () => {
    expect(decodeGoBase64('aGk=').toString()).toBe('hi');
    expect(decodeGoBase64('').length).toBe(0);
    expect(decodeGoBase64('+/+/').equals(Buffer.from([0xfb, 0xff, 0xbf]))).toBe(true);
  });

  it('skips line breaks as Go does', () => {
    expect(decodeGoBase64('aG\r\nk=').toString()).toBe('hi');
  });

  it('reports the byte offset Go reports', () => {
    expect(offsetOf('not base64!')).toBe(3); // the recorded reference answer
    expect(offsetOf('aGk')).toBe(0); // unpadded final quantum
    expect(offsetOf('aGk=aGk=')).toBe(4); // data after padding
    expect(offsetOf('a===')).toBe(1);
    expect(offsetOf('aG==x')).toBe(4);
  });

  it('refuses the URL alphabet and embedded spaces, which Node would accept', () => {
    expect(offsetOf('a-_b')).toBe(1);
    expect(offsetOf('aG k')).toBe(2);
  });
});
