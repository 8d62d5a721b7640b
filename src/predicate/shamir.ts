/**
 * Shamir sharing along the gate tree, as the original computes it: each gate splits its secret
 * with a random polynomial of degree threshold - 1 over GF(2^128), its i-th condition (1-based)
 * gets the value at the point whose first byte is i, and a nested gate splits that value again.
 * Recombination is Lagrange interpolation at zero, which gives the same value as the original's
 * Vandermonde solve because the interpolating polynomial is unique.
 */
import { randomBytes } from 'node:crypto';

import {
  ELEMENT_BYTES,
  ONE,
  ZERO,
  addElements,
  elementFromBytes,
  elementFromIndex,
  elementToBytes,
  invertElement,
  multiplyElements,
  type FieldElement,
} from './gf128.js';
import type { Gate, Predicate } from './predicate.js';
import { GO_MESSAGES, PredicateError } from './predicate-error.js';

/**
 * Splits a 16-byte secret. Each name maps to its 16-byte shares in depth-first order of its
 * occurrences, the order the original stores them in a blob's ShareSet; map order is first
 * appearance. Random coefficients come from node:crypto and their buffers are zeroed after use
 * (best effort: JS keeps no promise about copies). `secret` is read, not kept. Throws RangeError
 * if the secret is not 16 bytes.
 */
export function distributeShares(secret: Uint8Array, predicate: Predicate): Map<string, Buffer[]> {
  const out = new Map<string, Buffer[]>();
  splitGate(predicate, elementFromBytes(secret), out);
  return out;
}

function splitGate(gate: Gate, secret: FieldElement, out: Map<string, Buffer[]>): void {
  const coefficients = [secret];
  for (let degree = 1; degree < gate.threshold; degree++) {
    const random = randomBytes(ELEMENT_BYTES);
    coefficients.push(elementFromBytes(random));
    random.fill(0);
  }
  gate.conditions.forEach((condition, i) => {
    const share = evaluate(coefficients, elementFromIndex(i + 1));
    if (typeof condition !== 'string') return splitGate(condition, share, out);
    const shares = out.get(condition) ?? [];
    shares.push(elementToBytes(share));
    out.set(condition, shares);
  });
}

/** Horner's rule: c0 + c1 x + c2 x^2 + ... */
function evaluate(coefficients: readonly FieldElement[], x: FieldElement): FieldElement {
  let value = ZERO;
  for (let k = coefficients.length - 1; k >= 0; k--) {
    value = addElements(multiplyElements(value, x), coefficients[k]!);
  }
  return value;
}

/**
 * Recombines the secret from `shares`: for each name, all of its shares in the order
 * `distributeShares` returned them (names absent from the map are treated as unavailable). At
 * each gate the first `threshold` conditions that can be recovered are used. Throws
 * PredicateError ERR_NOT_ENOUGH_SHARES when the names present do not satisfy the predicate, and
 * ERR_PREDICATE_SHARE_MISMATCH when a name has fewer shares than occurrences or a share is not
 * 16 bytes. Returns a new 16-byte buffer.
 */
export function recoverSecret(
  predicate: Predicate,
  shares: ReadonlyMap<string, readonly Uint8Array[]>,
): Buffer {
  const secret = recoverGate(numberOccurrences(predicate, new Map()), shares);
  if (!secret) throw new PredicateError('ERR_NOT_ENOUGH_SHARES', GO_MESSAGES.notEnoughShares);
  return elementToBytes(secret);
}

/** A gate whose names carry their occurrence number: which of the name's shares is theirs. */
interface NumberedGate {
  readonly threshold: number;
  readonly conditions: readonly (NumberedName | NumberedGate)[];
}

interface NumberedName {
  readonly name: string;
  readonly occurrence: number;
}

function numberOccurrences(gate: Gate, counts: Map<string, number>): NumberedGate {
  const conditions = gate.conditions.map((condition) => {
    if (typeof condition !== 'string') return numberOccurrences(condition, counts);
    const occurrence = counts.get(condition) ?? 0;
    counts.set(condition, occurrence + 1);
    return { name: condition, occurrence };
  });
  return { threshold: gate.threshold, conditions };
}

/** The gate's secret, or undefined if too few of its conditions can be recovered. */
function recoverGate(
  gate: NumberedGate,
  shares: ReadonlyMap<string, readonly Uint8Array[]>,
): FieldElement | undefined {
  const points: FieldElement[] = [];
  const values: FieldElement[] = [];
  for (const [i, condition] of gate.conditions.entries()) {
    if (points.length === gate.threshold) break;
    const value = 'name' in condition ? shareOf(condition, shares) : recoverGate(condition, shares);
    if (!value) continue;
    points.push(elementFromIndex(i + 1));
    values.push(value);
  }
  return points.length === gate.threshold ? interpolateAtZero(points, values) : undefined;
}

function shareOf(
  leaf: NumberedName,
  shares: ReadonlyMap<string, readonly Uint8Array[]>,
): FieldElement | undefined {
  const list = shares.get(leaf.name);
  if (!list) return undefined;
  const share = list[leaf.occurrence];
  if (!share || share.length !== ELEMENT_BYTES) {
    throw new PredicateError('ERR_PREDICATE_SHARE_MISMATCH', GO_MESSAGES.shareMismatch);
  }
  return elementFromBytes(share);
}

/** Sum of y_i * prod_{j != i} x_j / (x_j - x_i); subtraction is addition in characteristic 2. */
function interpolateAtZero(points: FieldElement[], values: FieldElement[]): FieldElement {
  let secret = ZERO;
  points.forEach((xi, i) => {
    let numerator = ONE;
    let denominator = ONE;
    points.forEach((xj, j) => {
      if (j === i) return;
      numerator = multiplyElements(numerator, xj);
      denominator = multiplyElements(denominator, addElements(xj, xi));
    });
    const basis = multiplyElements(numerator, invertElement(denominator));
    secret = addElements(secret, multiplyElements(basis, values[i]!));
  });
  return secret;
}
