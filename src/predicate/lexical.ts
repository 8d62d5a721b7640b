/**
 * Character-level rules shared by both predicate syntaxes. Whitespace is what Go's
 * `unicode.IsSpace` accepts, because the original trims tokens with `strings.TrimSpace`: a
 * predicate padded with, say, a no-break space parsed there and must parse here too.
 */
import { NAME_PATTERN } from './predicate.js';
import { syntaxError, type PredicateError } from './predicate-error.js';

const GO_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Whether `char` (one UTF-16 unit) is whitespace to Go's `unicode.IsSpace`. */
export function isGoSpace(char: string): boolean {
  return GO_SPACE.has(char.charCodeAt(0));
}

/** A trimmed piece of the predicate text and where it starts. */
export interface Word {
  readonly text: string;
  readonly position: number;
}

/** Trims Go whitespace from `text[start, end)`; `position` is where the trimmed word starts. */
export function trimWord(text: string, start: number, end: number): Word {
  let from = start;
  let to = end;
  while (from < to && isGoSpace(text[from]!)) from++;
  while (to > from && isGoSpace(text[to - 1]!)) to--;
  return { text: text.slice(from, to), position: from };
}

/** Why `word` is not a valid user name, or undefined if it is one. */
export function nameProblem(word: Word): PredicateError | undefined {
  if (NAME_PATTERN.test(word.text)) return undefined;
  const where = `at position ${word.position}`;
  if (word.text === '') return syntaxError(`Invalid string: empty name ${where}`, word.position);
  return syntaxError(
    `Invalid string: invalid name '${shortened(word.text)}' ${where}: names start with a letter or digit, then letters, digits, '-' or '_'`,
    word.position,
  );
}

/** Long names are cut in messages; the position says where the rest is. */
export function shortened(name: string): string {
  return name.length > 40 ? `${name.slice(0, 40)}...` : name;
}
