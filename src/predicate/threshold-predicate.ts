import { shortened } from './lexical.js';
import { MAX_GATE_CONDITIONS, NAME_PATTERN } from './predicate.js';
import { PredicateError, syntaxError } from './predicate-error.js';

/**
 * Writes "any `minimum` of `owners`" as a threshold predicate, `(3, A, B, C, D)`, in the exact
 * form the original prints and parses. Owners keep their order (it decides share order).
 * Throws PredicateError (ERR_PREDICATE_SYNTAX) for an invalid or repeated name or a minimum
 * outside 1..owners.length, and ERR_PREDICATE_TOO_COMPLEX for more than 255 owners; a repeated
 * owner would let one person count twice.
 */
export function thresholdPredicate(minimum: number, owners: readonly string[]): string {
  if (owners.length > MAX_GATE_CONDITIONS) {
    const message = `Invalid string: a gate has more than ${MAX_GATE_CONDITIONS} conditions`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message);
  }
  if (!Number.isSafeInteger(minimum) || minimum < 1 || minimum > owners.length) {
    throw syntaxError(`Invalid string: minimum must be between 1 and ${owners.length}`);
  }
  const seen = new Set<string>();
  for (const owner of owners) {
    if (!NAME_PATTERN.test(owner)) {
      throw syntaxError(`Invalid string: invalid owner name '${shortened(owner)}'`);
    }
    if (seen.has(owner)) throw syntaxError(`Invalid string: owner '${owner}' is listed twice`);
    seen.add(owner);
  }
  return `(${[minimum, ...owners].join(', ')})`;
}
