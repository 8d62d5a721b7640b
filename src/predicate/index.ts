/**
 * Who may decrypt a predicate blob: parsing predicates, splitting a key into shares along them,
 * planning whose shares to use and recombining them. Pure and synchronous; no I/O, no logging.
 * Compatible with the original server's `msp` package bit for bit: a blob either side wrote
 * with a predicate opens on the other.
 *
 *   parsePredicate(text): Predicate                       throws PredicateError
 *   predicateNames(p): string[]                           distinct, depth-first, first-seen order
 *   distributeShares(secret16, p): Map<name, Buffer[]>    each name's 16-byte shares, in order
 *   planRecovery(p, canProvide): string[] | null          a smallest satisfying set of names
 *   recoverSecret(p, shares): Buffer                      the 16-byte secret
 *   thresholdPredicate(minimum, owners): string           "(2, A, B, C)"
 *   formatPredicate(p): string                            the threshold form of a parsed tree
 *   isSatisfied(p, has): boolean                          plain evaluation
 *
 * Decrypting: `planRecovery` with "is this owner delegated for this user and these labels",
 * decrypt only the planned owners' shares (each costs one delegation use), then
 * `recoverSecret`. Encrypting: `parsePredicate`, report the first name of `predicateNames` that
 * is not a user as "Unknown user 'X' in predicate." (the original checks in that order), then
 * `distributeShares` and encrypt each share.
 */
export { parsePredicate } from './parse-predicate.js';
export {
  MAX_GATE_CONDITIONS,
  MAX_NESTING_DEPTH,
  MAX_PREDICATE_LENGTH,
  formatPredicate,
  isSatisfied,
  predicateNames,
  type Condition,
  type Gate,
  type Predicate,
} from './predicate.js';
export { distributeShares, recoverSecret } from './shamir.js';
export { planRecovery } from './plan-recovery.js';
export { thresholdPredicate } from './threshold-predicate.js';
export { PredicateError, type PredicateErrorCode } from './predicate-error.js';
