/**
 * Turns a binary AND/OR tree into threshold gates exactly as the original does, quirks included.
 *
 * The original maps `A & B` to `(2, A, B)` and `A | B` to `(1, A, B)`, then merges nested AND
 * gates into their AND parent and nested OR gates into their OR parent. Its merge loop ranges
 * over the conditions as they were when the loop started while splicing the live list, and
 * after each merge skips as many entries as the merged gate added. So `(A & B) & (C & D)`
 * becomes `(3, A, B, (2, C, D))`, yet one level deeper the leftover gate is merged after all,
 * because every ancestor re-runs the merge on its subtree. Gate shape and condition order decide
 * which evaluation point every share gets, so a cleaner algorithm would make our shares
 * unreadable to the original and its shares unreadable to us.
 *
 * Whether Go's append splices in place or copies (it depends on spare capacity) is not
 * modelled: it could only matter if a merge happened before the last condition of a gate while
 * re-merging, and in trees built from infix text a gate's only unmerged mergeable condition is
 * its last one (merging never changes whether a gate is mergeable). Comparison with the
 * original on randomized predicates agrees; see go-msp-vectors.json for a sample.
 */
import type { Condition, Gate } from './predicate.js';

/** A node of the infix syntax tree: `left op right`. */
export interface InfixNode {
  readonly op: 'and' | 'or';
  readonly left: InfixTerm;
  readonly right: InfixTerm;
}

export type InfixTerm = string | InfixNode;

/** Converts an infix tree into the gate tree the original builds from it. */
export function compressInfixTree(node: InfixNode): Gate {
  return freeze(convert(node));
}

function convert(node: InfixNode): Gate {
  const left = typeof node.left === 'string' ? node.left : convert(node.left);
  const right = typeof node.right === 'string' ? node.right : convert(node.right);
  return merge({ threshold: node.op === 'and' ? 2 : 1, conditions: [left, right] });
}

/** One pass of the original's merge over `gate`, re-merging nested gates first. */
function merge(gate: Gate): Gate {
  const isAnd = gate.threshold === gate.conditions.length;
  if (!isAnd && gate.threshold !== 1) return gate;

  let threshold = gate.threshold;
  const conditions = [...gate.conditions];
  let skip = 0;
  gate.conditions.forEach((condition, i) => {
    if (skip > 0) {
      skip--;
      return;
    }
    if (typeof condition === 'string') return;

    const child = merge(condition);
    conditions[i] = child; // by index into the live list, as the original writes it back
    if (child.threshold !== (isAnd ? child.conditions.length : 1)) return;

    if (isAnd) threshold += child.threshold - 1;
    conditions.splice(i, 1, ...child.conditions);
    skip = child.conditions.length - 1;
  });
  return { threshold, conditions };
}

function freeze(gate: Gate): Gate {
  const conditions: Condition[] = gate.conditions.map((c) =>
    typeof c === 'string' ? c : freeze(c),
  );
  return Object.freeze({ threshold: gate.threshold, conditions: Object.freeze(conditions) });
}
