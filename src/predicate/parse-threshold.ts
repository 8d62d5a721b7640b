/**
 * The threshold syntax, `(2, (1, Carl, Dave), Alice, Bob)`: a gate is its threshold followed by
 * its conditions, each a name or a nested gate, kept in the order written.
 *
 * This is a recursive-descent parser rather than a copy of the original's scanner: that scanner
 * reads a nested gate in last position, `(2, A, B, (1, C, D))`, as a name `D)` and then fails.
 * Where the original rejects an input for a reason that still holds, its message is reproduced,
 * and it is preferred: problems the original never checked (names, threshold range, stray text)
 * are only reported, with their position, once the text has passed every check it did make.
 */
import { nameProblem, trimWord, type Word } from './lexical.js';
import { MAX_GATE_CONDITIONS, MAX_NESTING_DEPTH, type Condition, type Gate } from './predicate.js';
import { GO_MESSAGES, PredicateError, syntaxError } from './predicate-error.js';

interface Token extends Word {
  readonly kind: '(' | ')' | ',' | 'word';
}

interface Cursor {
  readonly tokens: readonly Token[];
  readonly length: number;
  index: number;
  /** The first problem the original would not have caught, reported only if nothing else is. */
  deferred?: PredicateError;
}

/** Parses a threshold-form predicate. */
export function parseThreshold(text: string): Gate {
  if (text === '' || text[0] !== '(' || text[text.length - 1] !== ')') {
    throw syntaxError(GO_MESSAGES.needsParentheses, 0);
  }
  const cursor: Cursor = { tokens: tokenize(text), length: text.length, index: 1 };
  const gate = parseGate(cursor, 0, 1);

  const extra = cursor.tokens[cursor.index];
  if (extra) throw syntaxError(GO_MESSAGES.trailingData, extra.position);
  if (cursor.deferred) throw cursor.deferred;
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

function defer(cursor: Cursor, problem: PredicateError | undefined): void {
  cursor.deferred ??= problem;
}

/**
 * Parses the rest of a gate whose `(` at `open` was just consumed. Checks come in the order the
 * original makes them when the gate closes, so nested problems are reported before the gate's
 * own threshold.
 */
function parseGate(cursor: Cursor, open: number, depth: number): Gate {
  if (depth > MAX_NESTING_DEPTH) {
    const message = `Invalid string: gates nested deeper than ${MAX_NESTING_DEPTH} levels at position ${open}`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message, open);
  }
  const head = parseHead(cursor, depth);
  const conditions: Condition[] = [];
  for (let token = take(cursor); token.kind !== ')'; token = take(cursor)) {
    // One comma may end a gate, as the original allows; see storablePredicate for why it matters.
    if (token.kind === ',' && cursor.tokens[cursor.index]?.kind === ')') continue;
    if (token.kind === ',') conditions.push(parseCondition(cursor, token, depth));
    else if (token.kind === 'word') defer(cursor, strayText(token));
    else throw missingComma(token);
  }

  if (head === 'gate') throw syntaxError(GO_MESSAGES.notThreshold, open);
  const threshold = parseAtoi(head);
  defer(cursor, gateSizeProblem(threshold, head, conditions.length, open));
  return Object.freeze({ threshold, conditions: Object.freeze(conditions) });
}

/** The gate's first element: the threshold's word, or 'gate' when a nested gate stands there. */
function parseHead(cursor: Cursor, depth: number): Word | 'gate' {
  const token = take(cursor);
  if (token.kind === ')') throw syntaxError(GO_MESSAGES.illegalClose, token.position);
  if (token.kind === '(') {
    parseGate(cursor, token.position, depth + 1);
    return 'gate';
  }
  if (token.kind === 'word') return token;
  cursor.index--; // a comma: the threshold is empty, the comma starts the conditions
  return { text: '', position: token.position };
}

function parseCondition(cursor: Cursor, comma: Token, depth: number): Condition {
  const token = take(cursor);
  if (token.kind === '(') return parseGate(cursor, token.position, depth + 1);
  if (token.kind === 'word') {
    defer(cursor, nameProblem(token));
    return token.text;
  }
  cursor.index--; // two separators in a row: the name between them is missing
  defer(cursor, nameProblem({ text: '', position: comma.position + 1 }));
  return '';
}

/** The next token; running out means a gate was left open. */
function take(cursor: Cursor): Token {
  const token = cursor.tokens[cursor.index++];
  if (!token) throw syntaxError(GO_MESSAGES.outOfData, cursor.length);
  return token;
}

/** Text between a nested gate and the next separator, which the original silently dropped. */
function strayText(token: Token): PredicateError {
  const message = `Invalid string: unexpected text after a gate at position ${token.position}`;
  return syntaxError(message, token.position);
}

/** A `(` straight after a name or threshold; the original read it as part of the name. */
function missingComma(token: Token): PredicateError {
  return syntaxError(`Invalid string: missing ',' at position ${token.position}`, token.position);
}

/** The threshold as Go's `strconv.Atoi` reads it, failing with its error text. */
function parseAtoi(word: Word): number {
  if (!/^[+-]?[0-9]+$/.test(word.text)) {
    throw syntaxError(atoiError(word.text, 'invalid syntax'), word.position);
  }
  const value = BigInt(word.text);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) {
    throw syntaxError(atoiError(word.text, 'value out of range'), word.position);
  }
  return Number(value);
}

function gateSizeProblem(
  threshold: number,
  word: Word,
  count: number,
  open: number,
): PredicateError | undefined {
  const { position } = word;
  const what = `Invalid string: threshold ${word.text} at position ${position}`;
  if (threshold < 1) return syntaxError(`${what} must be at least 1`, position);
  if (threshold > count) {
    return syntaxError(`${what} is larger than its gate of ${count} conditions`, position);
  }
  if (count > MAX_GATE_CONDITIONS) {
    const message = `Invalid string: gate at position ${open} has more than ${MAX_GATE_CONDITIONS} conditions`;
    return new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message, open);
  }
  return undefined;
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
