import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  MAX_GATE_CONDITIONS,
  MAX_NESTING_DEPTH,
  MAX_PREDICATE_LENGTH,
  PredicateError,
  formatPredicate,
  parsePredicate,
  predicateNames,
  storablePredicate,
} from './index.js';

interface Vectors {
  infixTrees: { text: string; gates: string }[];
  thresholdTrees: { text: string; gates: string }[];
  errors: { text: string; error: string }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./go-msp-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

/** The original's parser fails on these; ours parses them (see the nested-last tests). */
const NESTED_LAST = '(2, Bob, Carl, (1, Dave, Erin))';

function errorOf(text: string): PredicateError {
  try {
    parsePredicate(text);
  } catch (error) {
    if (error instanceof PredicateError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('infix predicates', () => {
  it.each(vectors.infixTrees)(
    'builds the gates the original builds for $text',
    ({ text, gates }) => {
      expect(formatPredicate(parsePredicate(text))).toBe(gates);
    },
  );

  it('returns the tree as plain gates and names', () => {
    expect(parsePredicate('(Alice | Bob) & Carl')).toEqual({
      threshold: 2,
      conditions: [{ threshold: 1, conditions: ['Alice', 'Bob'] }, 'Carl'],
    });
  });

  it('binds & tighter than |', () => {
    expect(formatPredicate(parsePredicate('Alice | Bob & Carl'))).toBe(
      '(1, Alice, (2, Bob, Carl))',
    );
  });

  it('keeps the half-merged gates of the original for grouped ANDs', () => {
    // Go merges only the left group here; share points follow this exact shape.
    expect(formatPredicate(parsePredicate('(A & B) & (C & D)'))).toBe('(3, A, B, (2, C, D))');
    expect(formatPredicate(parsePredicate('((A & B) & (C & D)) & E'))).toBe('(5, A, B, C, D, E)');
  });

  it('skips the whitespace Go trims, including no-break and ideographic spaces', () => {
    const text = '\tAlice\u00a0&\n(Bob\u3000| Carl ) ';
    expect(formatPredicate(parsePredicate(text))).toBe('(2, Alice, (1, Bob, Carl))');
  });

  it('allows names with digits, dashes and underscores', () => {
    expect(formatPredicate(parsePredicate('r2-d2 & c_3po'))).toBe('(2, r2-d2, c_3po)');
  });
});

describe('threshold predicates', () => {
  it.each(vectors.thresholdTrees)(
    'builds the gates the original builds for $text',
    ({ text, gates }) => {
      expect(formatPredicate(parsePredicate(text))).toBe(gates);
    },
  );

  it('parses a nested gate in last position, keeping the written order', () => {
    expect(parsePredicate('(2, A, B, (1, C, D))')).toEqual({
      threshold: 2,
      conditions: ['A', 'B', { threshold: 1, conditions: ['C', 'D'] }],
    });
    expect(formatPredicate(parsePredicate(NESTED_LAST))).toBe(NESTED_LAST);
  });

  it('accepts one comma before a closing parenthesis, as the original does', () => {
    expect(parsePredicate('(2, Alice, Bob,)')).toEqual(parsePredicate('(2, Alice, Bob)'));
    expect(parsePredicate('(2, A, (1, C, D), )')).toEqual(parsePredicate('(2, A, (1, C, D))'));
  });

  it('stores gates that end with a gate so that the original can read them back', () => {
    // Checked against the original's msp.StringToFormatted: each stored text gives the same tree.
    const cases = [
      ['(2, A, B, (1, C, D))', '(2, A, B, (1, C, D),)'],
      ['(1, (1, A, (1, B, C)), (1, D, E))', '(1, (1, A, (1, B, C),), (1, D, E),)'],
      ['(2,(1,C,D),A,B)', '(2,(1,C,D),A,B)'],
      ['A & (B | C)', 'A & (B | C)'],
    ];
    for (const [written, stored] of cases) {
      const tree = parsePredicate(written!);
      expect(storablePredicate(written!, tree)).toBe(stored);
      expect(parsePredicate(stored!)).toEqual(tree);
    }
  });

  it('parses gates nested last at every level', () => {
    const text = '(1, A, (1, B, (2, C, (1, D, E))))';
    expect(formatPredicate(parsePredicate(text))).toBe(text);
    expect(predicateNames(parsePredicate(text))).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('trims the last name of a gate, which the original kept with its spaces', () => {
    // Go read `Bob ` here and then failed with "Unknown user 'Bob ' in predicate.".
    expect(formatPredicate(parsePredicate('( 2 ,  Alice , Bob )'))).toBe('(2, Alice, Bob)');
  });

  it('reads thresholds as Go strconv.Atoi does', () => {
    expect(parsePredicate('(+2, A, B)').threshold).toBe(2);
    expect(parsePredicate('(002, A, B)').threshold).toBe(2);
  });

  it('treats any text with a comma as the threshold form', () => {
    expect(errorOf('Alice & Bob, Carl').message).toBe(
      'Invalid string: Needs to begin and end with parentheses.',
    );
  });
});

describe('errors the original reports', () => {
  const goErrors = vectors.errors.filter(({ text }) => text !== NESTED_LAST);

  it.each(goErrors)('rejects $text with the original message', ({ text, error }) => {
    const problem = errorOf(text);
    expect(problem.message).toBe(error);
    expect(problem.code).toBe('ERR_PREDICATE_SYNTAX');
  });

  it('locates unbalanced parentheses', () => {
    expect(errorOf('Alice & Bob)').position).toBe(11);
    expect(errorOf('(Alice & Bob').position).toBe(12);
    expect(errorOf('(2, A, (1, B, C)').position).toBe(16);
  });

  it('reports extra closing parentheses after a threshold gate', () => {
    // The original read `B)` as a name here and failed later with an unknown user.
    const problem = errorOf('(2, A, B))');
    expect(problem.message).toBe(
      "Invalid string: Can't parse anymore, but there's still data. Too many closing parentheses or too few opening parentheses?",
    );
    expect(problem.position).toBe(9);
  });

  it('prefers the original message when a bad name comes first', () => {
    expect(errorOf('(Al*ce & Bob').message).toMatch(/^Invalid string: Not finished parsing/);
    expect(errorOf('(2, Al*ce, (1, B)').message).toMatch(/^Invalid string: Not finished parsing/);
  });
});

describe('errors the original let through', () => {
  it.each([
    ['(2, Alice, , Bob)', 'Invalid string: empty name at position 10', 10],
    ['(2, Alice, , Bob,)', 'Invalid string: empty name at position 10', 10],
    ['(1, , Bob)', 'Invalid string: empty name at position 3', 3],
  ])('rejects an empty name in %s', (text, message, position) => {
    const problem = errorOf(text);
    expect(problem.message).toBe(message);
    expect(problem.position).toBe(position);
  });

  it.each([
    ['Alice & B*b', 8],
    ['Alice & Bob Carl', 8],
    ['_alice | Bob', 0],
    ['(1, Alice, -bob)', 11],
  ])('rejects the invalid name in %s', (text, position) => {
    const problem = errorOf(text);
    expect(problem.message).toMatch(
      /^Invalid string: invalid name '.+' at position \d+: names start/,
    );
    expect(problem.position).toBe(position);
  });

  it.each([
    ['(0, Alice, Bob)', 'Invalid string: threshold 0 at position 1 must be at least 1'],
    ['(-1, Alice, Bob)', 'Invalid string: threshold -1 at position 1 must be at least 1'],
    [
      '(3, Alice, Bob)',
      'Invalid string: threshold 3 at position 1 is larger than its gate of 2 conditions',
    ],
    [
      '(2, Alice, (2, Bob))',
      'Invalid string: threshold 2 at position 12 is larger than its gate of 1 conditions',
    ],
  ])('rejects the threshold of %s', (text, message) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('rejects text between a nested gate and the next comma', () => {
    const problem = errorOf('(2, (1, A, B) C, D)');
    expect(problem.message).toBe('Invalid string: unexpected text after a gate at position 14');
    expect(problem.position).toBe(14);
  });

  it('rejects a missing comma before a gate', () => {
    expect(errorOf('(2, A (1, B, C))').message).toBe("Invalid string: missing ',' at position 6");
  });
});

describe('limits', () => {
  it(`accepts ${MAX_PREDICATE_LENGTH} characters and rejects one more`, () => {
    const names = Array.from({ length: 100 }, (_, i) => `N${i}`).join(' | ');
    const text = `${names} | ${'x'.repeat(MAX_PREDICATE_LENGTH - names.length - 3)}`;
    expect(text).toHaveLength(MAX_PREDICATE_LENGTH);
    expect(parsePredicate(text).conditions).toHaveLength(101);

    const problem = errorOf(`${text} `);
    expect(problem.code).toBe('ERR_PREDICATE_TOO_COMPLEX');
    expect(problem.message).toBe('Invalid string: predicate is longer than 4096 characters');
  });

  it(`accepts infix parentheses nested ${MAX_NESTING_DEPTH} deep and rejects 65`, () => {
    const nested = `${'('.repeat(64)}A & B${')'.repeat(64)}`;
    expect(formatPredicate(parsePredicate(nested))).toBe('(2, A, B)');
    const problem = errorOf(`${'('.repeat(65)}A & B${')'.repeat(65)}`);
    expect(problem.code).toBe('ERR_PREDICATE_TOO_COMPLEX');
    expect(problem.message).toBe(
      'Invalid string: parentheses nested deeper than 64 levels at position 64',
    );
  });

  it(`accepts threshold gates nested ${MAX_NESTING_DEPTH} deep and rejects 65`, () => {
    const nest = (depth: number): string => (depth === 1 ? '(1, A)' : `(1, ${nest(depth - 1)})`);
    expect(() => parsePredicate(nest(MAX_NESTING_DEPTH))).not.toThrow();
    const problem = errorOf(nest(MAX_NESTING_DEPTH + 1));
    expect(problem.code).toBe('ERR_PREDICATE_TOO_COMPLEX');
    expect(problem.message).toBe(
      'Invalid string: gates nested deeper than 64 levels at position 256',
    );
  });

  it('rejects gates that AND/OR alternation makes too deep', () => {
    // `C | D & (x)` puts x two gates deeper behind one pair of parentheses.
    let text = 'A & B';
    for (let i = 0; i < 40; i++) text = `C | D & (${text})`;
    expect(errorOf(text).message).toBe('Invalid string: gates nested deeper than 64 levels');
  });

  it(`accepts ${MAX_GATE_CONDITIONS} conditions in a gate and rejects one more`, () => {
    const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `u${i}`);
    expect(parsePredicate(`(1, ${names(255).join(', ')})`).conditions).toHaveLength(255);
    expect(parsePredicate(names(255).join(' | ')).conditions).toHaveLength(255);

    const threshold = errorOf(`(1, ${names(256).join(', ')})`);
    expect(threshold.code).toBe('ERR_PREDICATE_TOO_COMPLEX');
    expect(threshold.message).toBe(
      'Invalid string: gate at position 0 has more than 255 conditions',
    );
    expect(errorOf(names(256).join(' | ')).message).toBe(
      'Invalid string: a gate has more than 255 conditions',
    );
  });

  it('handles a long AND chain without running out of stack', () => {
    const text = Array.from({ length: 1000 }, () => 'A').join('&');
    expect(errorOf(text).code).toBe('ERR_PREDICATE_TOO_COMPLEX');
  });
});

describe('predicateNames', () => {
  it('lists distinct names depth-first in written order', () => {
    const predicate = parsePredicate('(2, (1, Carl, Dave), Alice, Carl, (1, Bob, Alice))');
    expect(predicateNames(predicate)).toEqual(['Carl', 'Dave', 'Alice', 'Bob']);
  });

  it('puts the name the original reports as unknown first among the unknown', () => {
    // errors.json: "Bob & Zed" fails with "Unknown user 'Zed' in predicate."
    const users = new Set(['Alice', 'Bob', 'Carol']);
    const unknown = (text: string): string | undefined =>
      predicateNames(parsePredicate(text)).find((name) => !users.has(name));
    expect(unknown('Bob & Zed')).toBe('Zed');
    expect(unknown('(Yan | Bob) & Zed')).toBe('Yan');
    expect(unknown('(2, Alice, (1, Zed, Yan), Xi)')).toBe('Zed');
  });
});
