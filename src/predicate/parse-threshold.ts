/**
 * The threshold syntax, `(2, (1, Carl, Dave), Alice, Bob)`: a gate is its threshold followed by
 * its conditions, each a name or a nested gate, kept in the order written.
 *
 * This is a plain recursive-descent parser rather than a copy of the original's scanner: that
 * scanner reads a nested gate in last position, `(2, A, B, (1, C, D))`, as a name `D)` and then
 * fails. Where the original does reject an input for a reason that still holds, its message is
 * reproduced; the checks it lacks (names, thresholds, stray text, limits) report a position.
 */
import { checkName, trimWord, type Word } from './lexical.js';
import { MAX_GATE_CONDITIONS, MAX_NESTING_DEPTH, type Condition, type Gate } from './predicate.js';
import { GO_MESSAGES, PredicateError, syntaxError } from './predicate-error.js';

interface Token extends Word {
  readonly kind: '(' | ')' | ',' | 'word';
}

interface Cursor {
  readonly tokens: readonly Token[];
  readonly length: number;
  index: number;
}

/** Parses a threshold-form predicate. */
export function parseThreshold(text: string): Gate {
  if (text === '' || text[0] !== '(' || text[text.length - 1] !== ')') {
    throw syntaxError(GO_MESSAGES.needsParentheses, 0);
  }
  const cursor: Cursor = { tokens: tokenize(text), length: text.length, index: 0 };
  cursor.index = 1; // the opening parenthesis checked above
  const gate = parseGate(cursor, 0, 1);

  const extra = cursor.tokens[cursor.index];
  if (extra) throw syntaxError(GO_MESSAGES.trailingData, extra.position);
  return gate;
}

/** Splits into parentheses, commas and the trimmed words between them. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let start = 0;
  const flushWord = (end: number): void => {
    const word = trimWord(text, start, end);
    if (word.text !== '') tokens.push({ kind: 'word', ...word });
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '(' && char !== ')' && char !== ',') continue;
    flushWord(i);
    tokens.push({ kind: char, text: char, position: i });
    start = i + 1;
  }
  flushWord(text.length);
  return tokens;
}

/** Parses the rest of a gate whose `(` at `open` was just consumed. */
function parseGate(cursor: Cursor, open: number, depth: number): Gate {
  if (depth > MAX_NESTING_DEPTH) {
    const message = `Invalid string: gates nested deeper than ${MAX_NESTING_DEPTH} levels at position ${open}`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message, open);
  }
  const threshold = parseThresholdToken(cursor);
  const conditions: Condition[] = [];
  for (;;) {
    const token = take(cursor);
    if (token.kind === ')') break;
    if (token.kind !== ',') {
      throw syntaxError(`Invalid string: expected ',' or ')' at position ${token.position}`, token.position);
    }
    conditions.push(parseCondition(cursor, token, depth));
  }
  checkGateSize(threshold, conditions.length, open);
  return Object.freeze({ threshold: threshold.value, conditions: Object.freeze(conditions) });
}

function parseCondition(cursor: Cursor, comma: Token, depth: number): Condition {
  const token = take(cursor);
  if (token.kind === '(') return parseGate(cursor, token.position, depth + 1);
  if (token.kind === 'word') return checkName(token);
  // Two separators in a row: the name between them is missing.
  cursor.index--;
  return checkName({ text: '', position: comma.position + 1 });
}

/** The next token; running out means a gate was left open. */
function take(cursor: Cursor): Token {
  const token = cursor.tokens[cursor.index++];
  if (!token) throw syntaxError(GO_MESSAGES.outOfData, cursor.length);
  return token;
}

interface Threshold {
  readonly value: number;
  readonly position: number;
}

/** The gate's first element, which must be an integer in Go's `strconv.Atoi` syntax. */
function parseThresholdToken(cursor: Cursor): Threshold {
  const token = take(cursor);
  if (token.kind === '(') throw syntaxError(GO_MESSAGES.notThreshold, token.position);
  if (token.kind === ')') throw syntaxError(GO_MESSAGES.illegalClose, token.position);
  if (token.kind === ',') {
    cursor.index--;
    throw syntaxError(atoiError('', 'invalid syntax'), token.position);
  }
  if (!/^[+-]?[0-9]+$/.test(token.text)) {
    throw syntaxError(atoiError(token.text, 'invalid syntax'), token.position);
  }
  const value = BigInt(token.text);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) {
    throw syntaxError(atoiError(token.text, 'value out of range'), token.position);
  }
  return { value: Number(value), position: token.position };
}

function checkGateSize(threshold: Threshold, count: number, open: number): void {
  const where = `at position ${threshold.position}`;
  if (threshold.value < 1) {
    const message = `Invalid string: threshold ${threshold.value} ${where} must be at least 1`;
    throw syntaxError(message, threshold.position);
  }
  if (threshold.value > count) {
    const message = `Invalid string: threshold ${threshold.value} ${where} is larger than its gate of ${count} conditions`;
    throw syntaxError(message, threshold.position);
  }
  if (count > MAX_GATE_CONDITIONS) {
    const message = `Invalid string: gate at position ${open} has more than ${MAX_GATE_CONDITIONS} conditions`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message, open);
  }
}

/** Go's `strconv.Atoi` error text, which the original passes through as the status. */
function atoiError(input: string, reason: string): string {
  return `strconv.Atoi: parsing ${goQuote(input)}: ${reason}`;
}

/** Go's `%q` for the characters a threshold token can hold. */
function goQuote(text: string): string {
  const escapes: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '\x07': '\\a',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\v': '\\v',
  };
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (escapes[char]) out += escapes[char];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `"${out}"`;
}
