/**
 * The infix syntax, `Alice & (Bob | Carl)`: `&` binds tighter than `|`, both associate to the
 * left, parentheses nest. The scan follows the original step for step (a stack of layers, each a
 * list of operands and operators, reduced when its parenthesis closes) so that every input it
 * rejected is rejected here with its exact message, and every tree it built is built here.
 * Only what it let through unchecked is added: name syntax, reported once the original's own
 * checks have passed so that its message wins, and nesting depth, checked as the text is read.
 */
import { compressInfixTree, type InfixNode, type InfixTerm } from './go-compress.js';
import { isGoSpace, nameProblem, trimWord } from './lexical.js';
import { MAX_NESTING_DEPTH, type Gate } from './predicate.js';
import { GO_MESSAGES, PredicateError, syntaxError } from './predicate-error.js';

type Operator = 'and' | 'or';

interface Layer {
  readonly terms: InfixTerm[];
  readonly operators: Operator[];
}

interface Scan {
  /** Innermost last; `stack[0]` stands for the parentheses the original wraps the text in. */
  readonly stack: Layer[];
  badName?: PredicateError;
}

interface Token {
  readonly text: string;
  readonly position: number;
  readonly end: number;
}

/** Parses an infix predicate into the gate tree the original derives from it. */
export function parseInfix(text: string): Gate {
  const scan: Scan = { stack: [{ terms: [], operators: [] }] };
  let at = 0;
  for (;;) {
    const token = nextToken(text, at);
    at = token.end;
    if (token.text !== ')') {
      addToken(scan, token);
      continue;
    }
    const tree = closeLayer(scan.stack, token.position, token.position === text.length);
    if (!tree) continue;
    if (scan.badName) throw scan.badName;
    return compressInfixTree(tree);
  }
}

/** The next token from `at`; past the end of the text comes the closing wrapper parenthesis. */
function nextToken(text: string, at: number): Token {
  let start = at;
  while (start < text.length && isGoSpace(text[start]!)) start++;
  if (start >= text.length) return { text: ')', position: text.length, end: text.length + 1 };

  const first = text[start]!;
  if ('()&|'.includes(first)) return { text: first, position: start, end: start + 1 };

  // A name runs up to the next operator or closing parenthesis, as in the original, so
  // `A (B` is one (invalid) name rather than two operands.
  let end = start;
  while (end < text.length && !'&|)'.includes(text[end]!)) end++;
  const word = trimWord(text, start, end);
  return { text: word.text, position: word.position, end };
}

function addToken(scan: Scan, token: Token): void {
  const { stack } = scan;
  const top = stack[stack.length - 1]!;
  if (token.text === '(') {
    if (stack.length > MAX_NESTING_DEPTH) {
      const message = `Invalid string: parentheses nested deeper than ${MAX_NESTING_DEPTH} levels at position ${token.position}`;
      throw new PredicateError('ERR_PREDICATE_TOO_COMPLEX', message, token.position);
    }
    stack.push({ terms: [], operators: [] });
  } else if (token.text === '&' || token.text === '|') {
    top.operators.push(token.text === '&' ? 'and' : 'or');
  } else {
    scan.badName ??= nameProblem(token);
    top.terms.push(token.text);
  }
}

/**
 * Reduces the innermost layer at a closing parenthesis (`atEnd`: the wrapper's own, after the
 * text). Returns the finished tree once the wrapper closes there; throws the original's message
 * for each way this can fail.
 */
function closeLayer(stack: Layer[], position: number, atEnd: boolean): InfixNode | undefined {
  const layer = stack.pop()!;
  if (layer.terms.length !== layer.operators.length + 1) {
    throw syntaxError(GO_MESSAGES.missingOperator, position);
  }
  const term = reduce(layer);

  const parent = stack[stack.length - 1];
  if (parent) {
    parent.terms.push(term);
    if (atEnd) throw syntaxError(GO_MESSAGES.outOfData, position);
    return undefined;
  }
  if (!atEnd) throw syntaxError(GO_MESSAGES.trailingData, position);
  if (typeof term === 'string') throw syntaxError(GO_MESSAGES.oneCondition);
  return term;
}

/** Folds `a & b & c | d` into `((a & b) & c) | d`: all ANDs first, then ORs, left to right. */
function reduce(layer: Layer): InfixTerm {
  let terms = layer.terms;
  let operators = layer.operators;
  for (const op of ['and', 'or'] as const) {
    const folded: InfixTerm[] = [terms[0]!];
    const left: Operator[] = [];
    operators.forEach((operator, i) => {
      if (operator === op) folded.push({ op, left: folded.pop()!, right: terms[i + 1]! });
      else {
        left.push(operator);
        folded.push(terms[i + 1]!);
      }
    });
    terms = folded;
    operators = left;
  }
  return terms[0]!;
}
