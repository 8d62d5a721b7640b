/**
 * The material the fuzz suite throws: values of the wrong JSON type for each
 * Go field kind, hostile strings, fast-check arbitraries for bodies, and blob
 * surgery (truncation, bit flips, and blobs re-signed with the vault's HMAC
 * key so that a wrong inner structure gets past both signatures).
 */
import fc from 'fast-check';

import { expectedInnerSignature, hmacSha1 } from '../support/blob.js';
import { ENDPOINTS, HMAC_KEY, PASSWORDS, type FieldKind } from './fuzz-kit.js';

/**
 * Values Go's decoder refuses for each field kind ("json: cannot unmarshal
 * ..."). Not `null` (Go reads it as the zero value), and not an array of
 * numbers for `[]byte` (Go reads that element by element).
 */
export const WRONG_TYPED: Record<FieldKind, unknown[]> = {
  string: [0, -1, 1.5, 1e300, true, false, [], ['x'], {}, { Name: 'Alice' }],
  int: ['1', '', 1.5, -0.25, 1e300, true, [], [1], {}, { '0': 1 }],
  bytes: [0, 1.5, true, false, {}, { Data: 'eA==' }, ['eA=='], [[]]],
  strings: ['Bob', '', 0, true, {}, { '0': 'Bob' }, [1], [true], [['Bob']], [{}], ['Bob', 2]],
};

/** Names that are also properties of every JS object, or the keys of prototype pollution. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** Strings that have broken servers before, for any string field. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'Alice\u0000',
  'alice',
  'Alice ',
  '../../../../etc/passwd',
  '%s%s%s%n',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '\u202egnp.exe',
  '\ud800',
  '\udfff\ud800',
  '\ufeffAlice',
  '😀'.repeat(64),
  'A'.repeat(10_000),
  '-'.repeat(300),
  '1h'.repeat(5_000),
  '(((((((((('.repeat(500),
  'Alice & '.repeat(2_000) + 'Bob',
  ...PROTOTYPE_NAMES,
];

/** Names that exist in the fixture vault, plus ones that do not. */
export const KNOWN_NAMES = Object.keys(PASSWORDS).filter((name) => name !== 'Trent');
export const NAME_POOL = [...KNOWN_NAMES, 'Zed', 'Mallory', ...PROTOTYPE_NAMES];

/** A value for any JSON field: mostly the wrong kind, sometimes the right one. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(WRONG_TYPED).flat()) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...NAME_POOL), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** A field name as a client might spell it: Go matches names case-insensitively. */
export function spellings(field: string): string[] {
  return [field, field.toLowerCase()];
}

/**
 * A plausible body for `endpoint`, with a deliberately wrong password for
 * `name`: deep enough to reach the handler, but never a valid request (the
 * properties replace single fields of it).
 */
export function plausibleBody(
  endpoint: string,
  name: string,
  blob: string,
): Record<string, unknown> {
  const fields = ENDPOINTS[endpoint]!.fields;
  const body: Record<string, unknown> = {};
  const sample: Record<string, unknown> = {
    Name: name,
    Password: 'not-the-password',
    Uses: 2,
    Time: '1h',
    Duration: '1h',
    Slot: 'fuzz',
    Users: ['Bob'],
    Labels: ['fuzz'],
    UserType: 'RSA',
    HipchatName: '',
    NewPassword: 'not-a-new-password',
    Minimum: 2,
    Owners: ['Bob', 'Carol'],
    LeftOwners: null,
    RightOwners: null,
    Predicate: '',
    Data: blob,
    TBSData: 'c2lnbiBtZQ==',
    EncryptedData: blob,
    Usages: null,
    ToModify: 'Bob',
    Command: 'admin',
    OrderNum: '00112233445566778899aabb',
  };
  for (const field of Object.keys(fields)) body[field] = sample[field];
  return body;
}

/** Go durations, valid and not: units, signs, fractions, overflow, stray text. */
export const durationText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '1h',
    '90m',
    '1.5h',
    '300ms',
    '1h10m5s',
    '1µs',
    '1μs',
    '1us',
    '.5h',
    '5.h',
    '+1h',
  ),
  fc.constantFrom(
    '-1h',
    '0',
    '0s',
    '-0s',
    '1',
    'h',
    '1H',
    ' 1h',
    '1h ',
    '1h-1m',
    '1e3h',
    '1,5h',
    '',
  ),
  fc.constantFrom(
    '9223372036854775807ns',
    '9223372036854775808ns',
    '2562047h',
    '2562048h',
    '0.0000000001ns',
  ),
  fc.stringMatching(/^[+-]?\d{0,22}(\.\d{0,12})?(ns|us|µs|ms|s|m|h|d|)(\d{0,4}(h|m|s))?$/),
);

/** Predicates in both syntaxes, well-formed or not, over real and unknown names. */
export const predicateText: fc.Arbitrary<string> = fc
  .letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...KNOWN_NAMES, 'Zed', 'constructor', ''),
      fc
        .tuple(tie('node'), fc.constantFrom(' & ', ' | ', '&', ' ', ', '), tie('node'))
        .map(([a, op, b]) => `${a}${op}${b}`),
      fc.tuple(tie('node')).map(([inner]) => `(${inner})`),
      fc
        .tuple(
          fc.integer({ min: -1, max: 4 }),
          fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
        )
        .map(([threshold, nodes]) => `(${threshold}, ${nodes.join(', ')})`),
    ),
  }))
  .node.chain((text) =>
    fc.oneof(
      fc.constant(text),
      fc.nat({ max: text.length }).map((cut) => text.slice(0, cut)),
    ),
  );

// ---------------------------------------------------------------- blobs

export interface Outer {
  Version: unknown;
  Data: string;
  Signature: string;
}

export function outerOf(blob: string): Outer {
  return JSON.parse(Buffer.from(blob, 'base64').toString('utf8')) as Outer;
}

export function innerOf(blob: string): Record<string, any> {
  return JSON.parse(Buffer.from(outerOf(blob).Data, 'base64').toString('utf8')) as Record<
    string,
    any
  >;
}

/**
 * A blob whose outer signature is right for these inner bytes, whatever they
 * are: outer = {"Version":-1,"Data":base64(inner),"Signature":base64(HMAC-SHA1(HmacKey, inner))},
 * and the blob is base64 of the outer JSON.
 */
export function sealInnerBytes(inner: Buffer): string {
  const outer = {
    Version: -1,
    Data: inner.toString('base64'),
    Signature: hmacSha1(HMAC_KEY, [inner]).toString('base64'),
  };
  return Buffer.from(JSON.stringify(outer)).toString('base64');
}

/**
 * Seals an inner object after recomputing its own signature (when its fields
 * have shapes the signature can be computed over), so that it passes both
 * checks and reaches what comes after them.
 */
export function sealInner(inner: Record<string, unknown>): string {
  let signed = inner;
  try {
    const signature = expectedInnerSignature(inner, HMAC_KEY).toString('base64');
    signed = { ...inner, Signature: signature };
  } catch {
    // A field of the wrong shape: keep the old signature; the blob is refused either way.
  }
  return sealInnerBytes(Buffer.from(JSON.stringify(signed)));
}

const base64Of = (length: number) =>
  fc
    .uint8Array({ minLength: length, maxLength: length })
    .map((bytes) => Buffer.from(bytes).toString('base64'));
const anyBase64 = fc.integer({ min: 0, max: 300 }).chain(base64Of);
const nearBlockBase64 = fc
  .constantFrom(0, 1, 15, 16, 17, 31, 32, 33, 64, 255, 256, 257)
  .chain(base64Of);
const blobName = fc.constantFrom(...NAME_POOL, '', 'Bob-fuzz');

/** Replacement values for one inner field, by field: right shapes with wrong contents, and wrong shapes. */
const INNER_FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  Version: fc.constantFrom(0, 1, 2, -1, '1', 1.5, null, 2 ** 53),
  VaultId: fc.oneof(fc.integer(), fc.constantFrom('1', null, -1, 2 ** 31, 1.5)),
  Labels: fc.oneof(
    fc.array(fc.constantFrom('fuzz', 'ops', '', ...PROTOTYPE_NAMES)),
    fc.constant('fuzz'),
  ),
  Usages: fc.oneof(
    fc.array(fc.constantFrom('decrypt', 'ssh-sign-with', 'DECRYPT', '', 'constructor'), {
      maxLength: 3,
    }),
    fc.constant({}),
  ),
  Predicate: fc.oneof(
    fc.constantFrom(
      'Bob & Carol',
      '(2, Bob, Carol, Dave)',
      '(1, Zed)',
      '(0, Bob)',
      '(9, Bob, Carol)',
      '&',
      '()',
      '',
    ),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.string({ maxLength: 30 }),
  ),
  KeySet: fc.oneof(
    fc.array(fc.record({ Name: fc.array(blobName, { maxLength: 4 }), Key: nearBlockBase64 }), {
      maxLength: 4,
    }),
    fc.array(
      fc.record({
        Name: fc.constantFrom(null, 'Bob', 7),
        Key: fc.constantFrom(null, 7, 'eA==', '!!'),
      }),
    ),
    fc.constantFrom({}, 'Bob', [[]]),
  ),
  KeySetRSA: fc.oneof(
    fc.dictionary(blobName, fc.record({ Key: fc.oneof(anyBase64, nearBlockBase64) }), {
      maxKeys: 4,
    }),
    fc.dictionary(blobName, fc.constantFrom(null, 'eA==', [], { Key: 7 }, { Key: '!' }), {
      maxKeys: 3,
    }),
    fc.constantFrom([], 'Bob'),
  ),
  ShareSet: fc.oneof(
    fc.dictionary(blobName, fc.array(nearBlockBase64, { maxLength: 3 }), { maxKeys: 4 }),
    fc.dictionary(blobName, fc.constantFrom(null, 'eA==', [7], [null], {}), { maxKeys: 3 }),
    fc.constantFrom([], 'Bob'),
  ),
  IV: fc.oneof(nearBlockBase64, fc.constantFrom(null, 7, 'not base64')),
  Data: fc.oneof(nearBlockBase64, anyBase64, fc.constantFrom(null, 7, 'not base64', 'eA')),
  Signature: fc.oneof(base64Of(20), anyBase64, fc.constantFrom(null, 7)),
};

export const INNER_FIELDS = Object.keys(INNER_FIELD_VALUES);

/** One to three inner fields replaced; returns the new inner object. */
export function innerSurgery(
  inner: Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const change = fc
    .constantFrom(...INNER_FIELDS)
    .chain((field) =>
      fc.tuple(
        fc.constant(field),
        fc.oneof(INNER_FIELD_VALUES[field]!, anyJsonValue),
        fc.constantFrom(false, false, false, true),
      ),
    );
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const out: Record<string, unknown> = { ...inner };
    for (const [field, value, remove] of changes) {
      if (remove) delete out[field];
      else out[field] = value;
    }
    return out;
  });
}

/** Flips 1 to 4 bits of `bytes` at random positions. */
export function bitFlips(length: number): fc.Arbitrary<Array<[number, number]>> {
  return fc.array(fc.tuple(fc.nat({ max: length - 1 }), fc.nat({ max: 7 })), {
    minLength: 1,
    maxLength: 4,
  });
}

export function flipBits(bytes: Buffer, flips: Array<[number, number]>): Buffer {
  const out = Buffer.from(bytes);
  for (const [index, bit] of flips) out[index]! ^= 1 << bit;
  return out;
}
