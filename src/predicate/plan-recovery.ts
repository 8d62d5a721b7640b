/**
 * Chooses whose shares to decrypt. Every name used costs its owner one delegation use, so the
 * plan is a smallest set of distinct names that satisfies the predicate. (The original picks
 * greedily per gate and can spend more uses than needed when a name occurs more than once.)
 *
 * With every name occurring once the cheapest set follows gate by gate: a gate costs the sum of
 * its `threshold` cheapest conditions. Names that occur more than once couple the gates (the
 * general problem is NP-hard, as set cover reduces to it), so those are decided by branch and
 * bound over include/exclude, each branch costed by the gate-by-gate rule. The search has a
 * step budget; a predicate pathological enough to exhaust it gets the best set found so far,
 * which still satisfies the predicate but may not be the smallest.
 */
import { forEachName, type Condition, type Gate, type Predicate } from './predicate.js';

/** What one costing pass charges for a name: 0, 1 or Infinity (unusable). */
type Pricing = (name: string) => number;

/**
 * Roughly how many tree nodes the search may visit before settling for its best so far. Whoever
 * encrypted chose the predicate and every decryption attempt pays for the search on the event
 * loop, so the worst case is held to tens of milliseconds.
 */
const SEARCH_BUDGET = 250_000;

/**
 * A smallest set of distinct names, among those for which `canProvide` is true, that satisfies
 * the predicate, in depth-first order of first appearance; null if no such set exists.
 * `canProvide` is called once per distinct name. Deterministic: ties go to conditions written
 * earlier.
 */
export function planRecovery(
  predicate: Predicate,
  canProvide: (name: string) => boolean,
): string[] | null {
  const occurrences = new Map<string, number>();
  forEachName(predicate, (name) => occurrences.set(name, (occurrences.get(name) ?? 0) + 1));
  const available = new Set([...occurrences.keys()].filter((name) => canProvide(name)));
  const repeated = [...available]
    .filter((name) => occurrences.get(name)! > 1)
    .sort((a, b) => occurrences.get(b)! - occurrences.get(a)!);

  const included = searchCheapest(predicate, available, repeated);
  if (!included) return null;

  const chosen = new Set<string>();
  pickNames(predicate, pricing(available, new Set(repeated), included, Infinity), chosen);
  return [...occurrences.keys()].filter((name) => chosen.has(name));
}

/**
 * Branch and bound over the repeated names, most frequent first, trying "include" before
 * "exclude". Returns the included names of the best plan found, or undefined if none exists.
 */
function searchCheapest(
  predicate: Predicate,
  available: ReadonlySet<string>,
  repeated: readonly string[],
): Set<string> | undefined {
  const branching = new Set(repeated);
  const included = new Set<string>();
  let best: { cost: number; included: Set<string> } | undefined;
  let steps = Math.max(1, Math.floor(SEARCH_BUDGET / countNodes(predicate)));

  const visit = (next: number): void => {
    steps--;
    // Undecided names priced at zero bound every completion from below; priced out, they give
    // a real plan.
    const costWith = (undecided: number): number =>
      included.size + gateCost(predicate, pricing(available, branching, included, undecided));
    const bound = costWith(0);
    if (bound >= (best?.cost ?? Infinity)) return;
    const plan = costWith(Infinity);
    if (plan < (best?.cost ?? Infinity)) best = { cost: plan, included: new Set(included) };
    if (plan === bound || next === repeated.length || steps <= 0) return;

    const name = repeated[next]!;
    included.add(name);
    visit(next + 1);
    included.delete(name);
    visit(next + 1);
  };
  visit(0);
  return best?.included;
}

/**
 * Prices names for one pass: unavailable names are unusable, included ones are already paid
 * for, names decided by the gate-by-gate rule cost one each, and undecided repeated names cost
 * `undecided`.
 */
function pricing(
  available: ReadonlySet<string>,
  repeated: ReadonlySet<string>,
  included: ReadonlySet<string>,
  undecided: number,
): Pricing {
  return (name) => {
    if (!available.has(name)) return Infinity;
    if (included.has(name)) return 0;
    return repeated.has(name) ? undecided : 1;
  };
}

/** Cost of the cheapest way to satisfy `gate`: its `threshold` cheapest conditions. */
function gateCost(gate: Gate, price: Pricing): number {
  return cheapestConditions(gate, price).reduce((sum, { cost }) => sum + cost, 0);
}

/** Adds the names of the cheapest way to satisfy `gate` to `into`. */
function pickNames(gate: Gate, price: Pricing, into: Set<string>): void {
  for (const { condition } of cheapestConditions(gate, price)) {
    if (typeof condition === 'string') into.add(condition);
    else pickNames(condition, price, into);
  }
}

/** The gate's `threshold` cheapest conditions (earlier ones win ties); Infinity cost if too few. */
function cheapestConditions(gate: Gate, price: Pricing): { condition: Condition; cost: number }[] {
  const costed = gate.conditions.map((condition) => ({
    condition,
    cost: typeof condition === 'string' ? price(condition) : gateCost(condition, price),
  }));
  // Infinity - Infinity is NaN, which sort treats as a tie; the sort is stable.
  return costed.sort((a, b) => a.cost - b.cost).slice(0, gate.threshold);
}

function countNodes(gate: Gate): number {
  let count = 1;
  for (const condition of gate.conditions) {
    count += typeof condition === 'string' ? 1 : countNodes(condition);
  }
  return count;
}
