/**
 * The parsed form of a predicate: a tree of threshold gates over user names. The order of
 * conditions is significant, not cosmetic: the i-th condition of a gate receives the share at
 * evaluation point i, and a name that occurs several times receives its shares in depth-first
 * order. Both must match the original server for shares to interoperate.
 */

/** A threshold gate: satisfied when at least `threshold` of its conditions are. */
export interface Gate {
  readonly threshold: number;
  readonly conditions: readonly Condition[];
}

/** A user name or a nested gate. */
export type Condition = string | Gate;

/** A parsed predicate: its root gate. Built only by `parsePredicate`, which validates it. */
export type Predicate = Gate;

/** Longest predicate text accepted, in UTF-16 code units. */
export const MAX_PREDICATE_LENGTH = 4096;

/** Deepest gate nesting accepted; the root gate is at depth 1. */
export const MAX_NESTING_DEPTH = 64;

/**
 * Most conditions in one gate. Evaluation points are one byte, so a 256th condition would get
 * the point zero, i.e. the gate's secret itself (the original wraps around silently).
 */
export const MAX_GATE_CONDITIONS = 255;

/** User names, as the vault accepts them. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Distinct names in depth-first order of first appearance (the order the original checks them). */
export function predicateNames(predicate: Predicate): string[] {
  const seen = new Set<string>();
  forEachName(predicate, (name) => seen.add(name));
  return [...seen];
}

/** Calls `visit` for every name occurrence, depth-first, in written order. */
export function forEachName(gate: Gate, visit: (name: string) => void): void {
  for (const condition of gate.conditions) {
    if (typeof condition === 'string') visit(condition);
    else forEachName(condition, visit);
  }
}

/** Whether the set of names for which `has` is true satisfies the predicate. */
export function isSatisfied(gate: Gate, has: (name: string) => boolean): boolean {
  let satisfied = 0;
  for (const condition of gate.conditions) {
    const ok = typeof condition === 'string' ? has(condition) : isSatisfied(condition, has);
    if (ok && ++satisfied >= gate.threshold) return true;
  }
  return false;
}

/**
 * The threshold form of a predicate, as the original prints its gates: `(2, (1, A, B), C)`.
 * Parsing the result gives back the same tree.
 */
export function formatPredicate(gate: Gate): string {
  const parts = gate.conditions.map((c) => (typeof c === 'string' ? c : formatPredicate(c)));
  return `(${[gate.threshold, ...parts].join(', ')})`;
}

/**
 * The text a blob stores for a predicate, chosen so that the original can read it back: as
 * written, unless it is in the threshold form and some gate ends with a nested gate. The
 * original's scanner skips to the next comma after every closing parenthesis, so it loses the
 * `)` of a gate that ends with a gate and fails. Such predicates are stored as the threshold
 * form of the same tree with a comma after each of those nested gates, `(2, A, (1, C, D),)`:
 * both parsers read that, in the same condition order, so shares line up.
 */
export function storablePredicate(text: string, predicate: Predicate): string {
  if (!text.includes(',') || !hasGateEndingInGate(predicate)) return text;
  return formatForOriginal(predicate);
}

function hasGateEndingInGate(gate: Gate): boolean {
  const last = gate.conditions[gate.conditions.length - 1];
  if (last !== undefined && typeof last !== 'string') return true;
  return gate.conditions.some((c) => typeof c !== 'string' && hasGateEndingInGate(c));
}

function formatForOriginal(gate: Gate): string {
  const parts = gate.conditions.map((c) => (typeof c === 'string' ? c : formatForOriginal(c)));
  const endsInGate = typeof gate.conditions[gate.conditions.length - 1] !== 'string';
  return `(${[gate.threshold, ...parts].join(', ')}${endsInGate ? ',' : ''})`;
}

/** Gate nesting depth; a gate of names only has depth 1. */
export function gateDepth(gate: Gate): number {
  let deepest = 0;
  for (const condition of gate.conditions) {
    if (typeof condition !== 'string') deepest = Math.max(deepest, gateDepth(condition));
  }
  return deepest + 1;
}
