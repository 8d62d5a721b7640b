/**
 * Decoding JSON into a "Go struct": the rules of Go's encoding/json that the
 * original's clients rely on, with a zod schema doing the type checks.
 *
 * - field names match case-insensitively (an exact match wins), unknown fields
 *   are ignored, and a repeated field keeps its last value;
 * - `null` leaves a field at its zero value; slices keep the nil/empty
 *   distinction because the original echoes it back (`null` vs `[]`);
 * - `[]byte` fields are standard padded base64 (see go-base64.ts);
 * - an `int` field takes only an integer literal: `2.0` and `1e3` are refused
 *   as Go refuses them, and so are integers beyond 2^53, which Go would take
 *   but a double cannot hold exactly (Go's own overflow message, at a lower bound);
 * - a value of the wrong type fails with Go's message, e.g.
 *   `json: cannot unmarshal string into Go struct field DelegateRequest.Uses of type int`.
 */
import { z } from 'zod';

import { Base64Error, decodeGoBase64 } from './go-base64.js';
import { DecodedBase64, GoDecodeError, NumberLiteral, parseJsonBytes } from './go-json-parse.js';

export type FieldKind = 'string' | 'int' | 'bool' | 'bytes' | 'strings';

type FieldValue<K extends FieldKind> = K extends 'string'
  ? string
  : K extends 'int'
    ? number
    : K extends 'bool'
      ? boolean
      : K extends 'bytes'
        ? Buffer
        : string[] | null;

export type Decoded<F extends Record<string, FieldKind>> = { [K in keyof F]: FieldValue<F[K]> };

const GO_TYPE: Record<FieldKind, string> = {
  string: 'string',
  int: 'int',
  bool: 'bool',
  bytes: '[]uint8',
  strings: '[]string',
};

const FIELD_SCHEMA: Record<FieldKind, z.ZodType> = {
  string: z.string().nullish(),
  int: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).nullish(),
  bool: z.boolean().nullish(),
  bytes: z.union([z.string(), z.instanceof(DecodedBase64)]).nullish(),
  strings: z.array(z.string().nullable()).nullish(),
};

function jsonKind(value: unknown): string {
  if (value instanceof NumberLiteral) return 'number';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'number' : `number ${value}`;
  return typeof value;
}

export class GoStruct<F extends Record<string, FieldKind>> {
  readonly schema: z.ZodType;
  private readonly lowerCaseNames: Map<string, string>;
  private readonly bytesFields: Set<string>;

  constructor(
    readonly goName: string,
    readonly fields: F,
  ) {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, kind] of Object.entries(fields)) shape[name] = FIELD_SCHEMA[kind];
    this.schema = z.object(shape);
    this.lowerCaseNames = new Map(Object.keys(fields).map((name) => [name.toLowerCase(), name]));
    const bytesFields = Object.keys(fields).filter((name) => fields[name] === 'bytes');
    this.bytesFields = new Set(bytesFields.map((name) => name.toLowerCase()));
  }

  /** Parses and decodes a body; its large base64 fields skip the text round trip. */
  async decodeBody(body: Buffer): Promise<Decoded<F>> {
    return this.decode(await parseJsonBytes(body, this.bytesFields, { keepNumbers: true }));
  }

  /** Decodes an already-parsed JSON value; throws GoDecodeError. */
  decode(value: unknown): Decoded<F> {
    if (value === null) value = {};
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof NumberLiteral) {
      throw new GoDecodeError(
        `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${this.goName}`,
        'type',
      );
    }

    const named = this.matchFieldNames(value as Record<string, unknown>);
    const result = this.schema.safeParse(named);
    if (!result.success) throw this.typeError(named, result.error.issues[0]!);
    return this.withZeroValues(result.data as Record<string, unknown>);
  }

  private matchFieldNames(input: Record<string, unknown>): Record<string, unknown> {
    const named: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(input)) {
      const field = Object.hasOwn(this.fields, key) ? key : this.lowerCaseNames.get(key.toLowerCase());
      if (field === undefined) continue;
      const value = input[key];
      // A member decoded early is still the string it was, for any field that is not bytes.
      named[field] = value instanceof DecodedBase64 && this.fields[field] !== 'bytes' ? value.text : value;
      if (value instanceof NumberLiteral && this.fields[field] === 'int') named[field] = this.integerOf(field, value);
    }
    return named;
  }

  private integerOf(field: string, literal: NumberLiteral): number {
    const value = Number(literal.text);
    if (/^-?[0-9]+$/.test(literal.text) && Number.isSafeInteger(value)) return value;
    throw new GoDecodeError(
      `json: cannot unmarshal number ${literal.text} into Go struct field ${this.shortName}.${field} of type int`,
      'type',
    );
  }

  private get shortName(): string {
    return this.goName.replace(/^.*\./, '');
  }

  private typeError(named: Record<string, unknown>, issue: z.core.$ZodIssue): GoDecodeError {
    const [field, index] = issue.path as [string, number | undefined];
    const kind = this.fields[field]!;
    const fieldValue = named[field];
    const isElement = index !== undefined && Array.isArray(fieldValue);
    const received = isElement ? fieldValue[index] : fieldValue;
    const goType = isElement ? 'string' : GO_TYPE[kind];
    return new GoDecodeError(
      `json: cannot unmarshal ${jsonKind(received)} into Go struct field ${this.shortName}.${field} of type ${goType}`,
      'type',
    );
  }

  private withZeroValues(data: Record<string, unknown>): Decoded<F> {
    const out: Record<string, unknown> = {};
    for (const [name, kind] of Object.entries(this.fields)) {
      const value = data[name];
      out[name] = value ?? zeroValue(kind);
      if (kind === 'bytes' && typeof value === 'string') out[name] = decodeBytes(value);
      if (value instanceof DecodedBase64) out[name] = value.bytes;
      if (kind === 'strings' && Array.isArray(value)) out[name] = value.map((item) => item ?? '');
    }
    return out as Decoded<F>;
  }
}

function zeroValue(kind: FieldKind): unknown {
  switch (kind) {
    case 'string':
      return '';
    case 'int':
      return 0;
    case 'bool':
      return false;
    case 'bytes':
      return Buffer.alloc(0);
    case 'strings':
      return null;
  }
}

function decodeBytes(text: string): Buffer {
  try {
    return decodeGoBase64(text);
  } catch (error) {
    if (error instanceof Base64Error) throw new GoDecodeError(error.message, 'base64');
    throw error;
  }
}
