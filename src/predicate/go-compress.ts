/**
 * Turns a binary AND/OR tree into threshold gates exactly as the original does, quirks included.
 *
 * The original maps `A & B` to `(2, A, B)` and `A | B` to `(1, A, B)`, then merges nested AND
 * gates into their AND parent and nested OR gates into their OR parent. Its merge loop splices
 * a Go slice while ranging over it, so what gets merged depends on Go's slice aliasing and
 * capacity growth: `(A & B) & (C & D)` becomes `(3, A, B, (2, C, D))`, yet one level deeper the
 * leftover gate is merged after all. Gate shape and condition order decide which evaluation
 * point every share gets, so a cleaner algorithm would make our shares unreadable to the
 * original and its shares unreadable to us. This file therefore models Go slices (a shared
 * backing array, offset, length, capacity, and go1.19's append growth for 16-byte interface
 * values) and replays the merge on that model.
 */
import type { Condition, Gate } from './predicate.js';

/** A node of the infix syntax tree: `left op right`. */
export interface InfixNode {
  readonly op: 'and' | 'or';
  readonly left: InfixTerm;
  readonly right: InfixTerm;
}

export type InfixTerm = string | InfixNode;

/** A Go slice header over a shared backing array. */
interface GoSlice {
  readonly array: GoCondition[];
  readonly offset: number;
  readonly length: number;
  readonly capacity: number;
}

/** A gate as a Go struct value; copies share the backing array of `conditions`. */
interface GoGate {
  readonly min: number;
  readonly conditions: GoSlice;
}

type GoCondition = string | GoGate;

/** Converts an infix tree into the gate tree the original builds from it. */
export function compressInfixTree(node: InfixNode): Gate {
  return toGate(convert(node));
}

function convert(node: InfixNode): GoGate {
  const left = typeof node.left === 'string' ? node.left : convert(node.left);
  const right = typeof node.right === 'string' ? node.right : convert(node.right);
  // A one-element literal appended to once: length 2, capacity 2.
  const conditions = { array: [left, right], offset: 0, length: 2, capacity: 2 };
  return compress({ min: node.op === 'and' ? 2 : 1, conditions });
}

/** One pass of the original's merge over `gate`; re-merges children first. */
function compress(gate: GoGate): GoGate {
  const isAnd = gate.min === gate.conditions.length;
  if (!isAnd && gate.min !== 1) return gate;

  let { min, conditions } = gate;
  const ranged = conditions; // Go's range reads this header to the end, whatever is reassigned
  let skip = 0;
  for (let i = 0; i < ranged.length; i++) {
    if (skip > 0) {
      skip--;
      continue;
    }
    const condition = ranged.array[ranged.offset + i]!;
    if (typeof condition === 'string') continue;

    const child = compress(condition);
    store(conditions, i, child);
    if (child.min !== (isAnd ? child.conditions.length : 1)) continue;

    if (isAnd) min += child.min - 1;
    const tail = append(child.conditions, elements(conditions, i + 1));
    conditions = append(reslice(conditions, i), elements(tail, 0));
    skip = child.conditions.length - 1;
  }
  return { min, conditions };
}

function store(slice: GoSlice, index: number, value: GoCondition): void {
  if (index >= slice.length) throw new Error('go-compress: index out of range');
  slice.array[slice.offset + index] = value;
}

/** `slice[0:end]`: same array, capacity kept. */
function reslice(slice: GoSlice, end: number): GoSlice {
  return { ...slice, length: end };
}

/** Copies `slice[from:]` out, as Go's append reads its source before writing. */
function elements(slice: GoSlice, from: number): GoCondition[] {
  return slice.array.slice(slice.offset + from, slice.offset + slice.length);
}

/** Go's `append(slice, items...)`: in place when capacity allows, else a fresh array. */
function append(slice: GoSlice, items: GoCondition[]): GoSlice {
  const length = slice.length + items.length;
  if (length <= slice.capacity) {
    items.forEach((item, k) => (slice.array[slice.offset + slice.length + k] = item));
    return { ...slice, length };
  }
  const array = [...elements(slice, 0), ...items];
  return { array, offset: 0, length, capacity: grownCapacity(slice.capacity, length) };
}

/** Size classes of Go's allocator (bytes), from runtime/sizeclasses.go in go1.19. */
const SIZE_CLASSES = [
  8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352,
  384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304,
  2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880,
  12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
];
const MAX_SMALL_SIZE = 32768;
const PAGE_SIZE = 8192;
const ELEMENT_SIZE = 16; // a Go interface value on 64-bit platforms

/** go1.19 `growslice`: the capacity of the array that append allocates. */
function grownCapacity(oldCapacity: number, needed: number): number {
  let capacity = oldCapacity;
  if (needed > 2 * oldCapacity) capacity = needed;
  else if (oldCapacity < 256) capacity = 2 * oldCapacity;
  else while (capacity < needed) capacity += Math.floor((capacity + 3 * 256) / 4);

  const bytes = capacity * ELEMENT_SIZE;
  const rounded =
    bytes < MAX_SMALL_SIZE
      ? SIZE_CLASSES.find((size) => size >= bytes)!
      : Math.ceil(bytes / PAGE_SIZE) * PAGE_SIZE;
  return Math.floor(rounded / ELEMENT_SIZE);
}

function toGate(gate: GoGate): Gate {
  const conditions: Condition[] = elements(gate.conditions, 0).map((c) =>
    typeof c === 'string' ? c : toGate(c),
  );
  return Object.freeze({ threshold: gate.min, conditions: Object.freeze(conditions) });
}
