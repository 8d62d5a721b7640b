import { parseInfix } from './parse-infix.js';
import { parseThreshold } from './parse-threshold.js';
import {
  MAX_GATE_CONDITIONS,
  MAX_NESTING_DEPTH,
  MAX_PREDICATE_LENGTH,
  gateDepth,
  type Gate,
  type Predicate,
} from './predicate.js';
import { PredicateError } from './predicate-error.js';

/**
 * Parses either syntax, choosing as the original does: text containing a comma anywhere is the
 * threshold form, anything else the infix form. The tree returned, including the order of
 * conditions, is the one the original builds, so shares split by either side line up.
 *
 * Throws PredicateError: ERR_PREDICATE_SYNTAX (message is the original's text where it has one)
 * or ERR_PREDICATE_TOO_COMPLEX (longer than MAX_PREDICATE_LENGTH, nested deeper than
 * MAX_NESTING_DEPTH, or a gate of more than MAX_GATE_CONDITIONS conditions).
 */
export function parsePredicate(text: string): Predicate {
  if (text.length > MAX_PREDICATE_LENGTH) {
    const message = `Invalid string: predicate is longer than ${MAX_PREDICATE_LENGTH} characters`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message, MAX_PREDICATE_LENGTH);
  }
  const gate = text.includes(',') ? parseThreshold(text) : parseInfix(text);
  checkLimits(gate);
  return gate;
}

/**
 * Limits the infix form can only break after conversion: `A | B | ...` becomes one gate of all
 * its names, and AND/OR alternation adds gates without parentheses.
 */
function checkLimits(gate: Gate): void {
  if (gateDepth(gate) > MAX_NESTING_DEPTH) {
    const message = `Invalid string: gates nested deeper than ${MAX_NESTING_DEPTH} levels`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message);
  }
  checkGateSizes(gate);
}

function checkGateSizes(gate: Gate): void {
  if (gate.conditions.length > MAX_GATE_CONDITIONS) {
    const message = `Invalid string: a gate has more than ${MAX_GATE_CONDITIONS} conditions`;
    throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message);
  }
  for (const condition of gate.conditions) {
    if (typeof condition !== 'string') checkGateSizes(condition);
  }
}
