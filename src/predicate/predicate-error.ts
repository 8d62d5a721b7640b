/**
 * The one error this layer throws for bad predicates and unrecoverable share sets. Its message is
 * the status text a client sees: where the original server has a message for the same problem it
 * is reproduced byte for byte (clients compare it), otherwise it names the problem and, when
 * there is one, the 0-based character position in the predicate text.
 */

/** Error codes, matching the server-wide catalogue in `src/errors.ts`. */
export type PredicateErrorCode =
  | 'ERR_PREDICATE_SYNTAX'
  | 'ERR_PREDICATE_TOO_COMPLEX'
  | 'ERR_NOT_ENOUGH_SHARES'
  | 'ERR_PREDICATE_SHARE_MISMATCH';

/**
 * A predicate could not be parsed, or shares could not be recombined. `message` is the exact
 * client status; `position` is the 0-based offset in the predicate text where the problem was
 * found, when the problem has a place.
 */
export class PredicateError extends Error {
  readonly code: PredicateErrorCode;
  readonly position: number | undefined;

  constructor(code: PredicateErrorCode, message: string, position?: number) {
    super(message);
    this.name = 'PredicateError';
    this.code = code;
    this.position = position;
  }
}

/** A syntax error; `message` must already be the full client text. */
export function syntaxError(message: string, position?: number): PredicateError {
  return new PredicateError('ERR_PREDICATE_SYNTAX', message, position);
}

/** The original's texts, kept verbatim because clients compare status strings. */
export const GO_MESSAGES = {
  needsParentheses: 'Invalid string: Needs to begin and end with parentheses.',
  illegalClose: 'Invalid string: Illegal close parenthesis.',
  notThreshold: "Invalid string: First argument wasn't a threshold!",
  trailingData:
    "Invalid string: Can't parse anymore, but there's still data. Too many closing parentheses or too few opening parentheses?",
  outOfData:
    'Invalid string: Not finished parsing, but out of data. Too many opening parentheses or too few closing parentheses?',
  missingOperator:
    'Invalid string: There needs to be an operator (& or |) for every pair of operands.',
  oneCondition: 'Invalid string: Only one condition was found?',
  notEnoughShares: 'not enough shares to recover',
  shareMismatch: 'Predicate / database mismatch!',
} as const;
