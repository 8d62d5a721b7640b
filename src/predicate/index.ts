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
 *   storablePredicate(text, p): string                    what a blob stores, readable by the original
 *   isSatisfied(p, has): boolean                          plain evaluation
 *
 * Decrypting: `planRecovery` with "is this owner delegated for this user and these labels",
 * decrypt only the planned owners' shares (each costs one delegation use), then
 * `recoverSecret`. Encrypting: `parsePredicate`, report the first name of `predicateNames` that
 * is not a user as "Unknown user 'X' in predicate." (the original checks in that order), then
 * `distributeShares` and encrypt each share.
 *
 * Deliberate differences from the original, each for a predicate it mishandled:
 * - A nested gate in last position, `(2, A, B, (1, C, D))`, parses (the original failed), and
 *   is stored as `(2, A, B, (1, C, D),)`, which the original reads (see storablePredicate).
 * - Names the original took in but could never find a user for (empty, with spaces or stray
 *   characters such as `B)`) are rejected with a position, and the last name of a gate is
 *   trimmed like the others. Text between a nested gate and the next comma, which it dropped
 *   silently, is rejected too.
 * - Thresholds of zero, negative or above the gate size are rejected (the original crashed or
 *   wrote a blob nobody could open); so are gates of more than 255 conditions, whose one-byte
 *   evaluation point would wrap to zero and hand out the secret itself.
 * - Limits: 4096 characters, 64 levels of nesting.
 * - Recovery uses a smallest set of owners (within a search budget, see plan-recovery.ts); the
 *   original's greedy choice could use more.
 */
export { parsePredicate } from './parse-predicate.js';
export {
  MAX_GATE_CONDITIONS,
  MAX_NESTING_DEPTH,
  MAX_PREDICATE_LENGTH,
  formatPredicate,
  isSatisfied,
  predicateNames,
  storablePredicate,
  type Condition,
  type Gate,
  type Predicate,
} from './predicate.js';
export { distributeShares, recoverSecret } from './shamir.js';
export { planRecovery } from './plan-recovery.js';
export { thresholdPredicate } from './threshold-predicate.js';
export { PredicateError, type PredicateErrorCode } from './predicate-error.js';
