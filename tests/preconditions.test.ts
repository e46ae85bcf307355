import { describe, expect, it, vi } from 'vitest';
import {
  compilePrecondition,
  MAX_PRECONDITION_DEPTH,
  mapScope,
  PreconditionCompileError,
  type PreconditionGetter,
  type PreconditionScope,
  PreconditionSyntaxError,
  parsePrecondition,
} from '../src/affordances/preconditions.js';

// A scope shaped like the engine's: typed arrays indexed by agent or object, bound once per name.
const wallet = new Float32Array([0, 0.5, 2]);
const hunger = new Float32Array([0, 0.25, 0.9]);
const meals = new Float32Array([0, 3]);
const occupant = new Uint32Array([0, 2]);

const getters = new Map<string, PreconditionGetter>([
  ['wallet', (a) => wallet[a]!],
  ['agent.wallet', (a) => wallet[a]!],
  ['needs.hunger', (a) => hunger[a]!],
  ['stock.meals', (_a, o) => meals[o]!],
  ['meal_available', (_a, o) => meals[o]! > 0],
  ['occupied', (a, o) => occupant[o] !== 0 && occupant[o] !== a],
  ['label', () => 'kitchen'],
  ['missing', () => null],
  ['nan', () => Number.NaN],
  ['job', (a) => (a === 1 ? 'grocer' : null)],
  [
    'broken',
    () => {
      throw new Error('getter bug');
    },
  ],
]);
const scope = mapScope(getters);

function compile(source: string, s: PreconditionScope = scope) {
  return compilePrecondition(parsePrecondition(source), source, s);
}

/** Evaluates for agent 1 at object 1 unless told otherwise. */
function run(source: string, agent = 1, object = 1): boolean {
  return compile(source).evaluate(agent, object);
}

function syntaxError(source: string): PreconditionSyntaxError {
  try {
    parsePrecondition(source);
  } catch (err) {
    expect(err).toBeInstanceOf(PreconditionSyntaxError);
    return err as PreconditionSyntaxError;
  }
  throw new Error(`expected "${source}" to be rejected`);
}

describe('precondition language: accepted forms', () => {
  it.each([
    // literals
    ['1 == 1', true],
    ['1 == 2', false],
    ['1.5 > 1', true],
    ['.5 < 1', true],
    ['1e2 == 100', true],
    ['2.5E-1 == 0.25', true],
    ['-1 < 0', true],
    ['+2 == 2', true],
    ['- -1 == 1', true],
    ['"a" == \'a\'', true],
    ['"a" < "b"', true],
    ['\'it\\\'s\' == "it\'s"', true],
    ['"tab\\there" != "tab there"', true],
    ['true', true],
    ['false', false],
    ['TRUE == True', true],
    ['False == false', true],
    ['null == None', true],
    ['NULL == null', true],
    ['true == 1', true],
    ['false < 1', true],
    // names and paths
    ['wallet >= 0.5', true],
    ['agent.wallet > 1', false],
    ['needs.hunger < 0.5', true],
    ['stock.meals == 3', true],
    ['stock["meals"] == 3', true],
    ['stock[\'meals\'] > 2', true],
    ['meal_available == true', true],
    ['meal_available', true],
    ['not meal_available', false],
    ['occupied == false', false],
    ['job == "grocer"', true],
    // chained comparisons
    ['0 < wallet <= 1', true],
    ['3 > 2 > 1', true],
    ['1 < 3 > 2', true],
    ['1 < 2 < 2', false],
    ['1 == 1 == 1', true],
    ['1 < 2 in [2, 3]', true],
    // membership
    ['1 in [1, 2]', true],
    ['3 in [1, 2]', false],
    ['3 not in [1, 2]', true],
    ['"b" in ("a", "b")', true],
    ['1 in (1,)', true],
    ['1 in [1, 2,]', true],
    ['1 in []', false],
    ['1 not in ()', true],
    ['stock.meals in [wallet, 3]', true],
    ['true in [1]', true],
    ['job in ["grocer", "barista"]', true],
    // boolean operators and precedence
    ['not wallet > 1 and meal_available', true],
    ['true or false and false', true],
    ['(true or false) and false', false],
    ['not true == false', true],
    ['not not true', true],
    ['(wallet > 1) or (stock.meals == 3)', true],
    ['wallet > 0 and stock.meals > 0 and needs.hunger < 1', true],
    // non-boolean results use truthiness
    ['wallet', true],
    ['label', true],
    ['""', false],
    ['0', false],
    ['0 or ""', false],
    ['0 or "x"', true],
    ['(0 or 5) == 5', true],
    ['(1 and 0) == 0', true],
  ])('%s → %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('reads the agent and object it is evaluated for', () => {
    const p = compile('0 < wallet <= 1');
    expect(p.evaluate(1, 1)).toBe(true);
    expect(p.evaluate(2, 1)).toBe(false);
    expect(compile('stock.meals').evaluate(1, 0)).toBe(false);
    expect(compile('occupied').evaluate(1, 1)).toBe(true);
    expect(compile('occupied').evaluate(2, 1)).toBe(false);
  });

  it('accepts nesting up to the limit', () => {
    const depth = MAX_PRECONDITION_DEPTH;
    expect(run(`${'('.repeat(depth)}1${')'.repeat(depth)}`)).toBe(true);
    expect(run(`${'not '.repeat(depth)}true`)).toBe(true);
  });
});

describe('precondition language: missing values and type mismatches', () => {
  it.each([
    ['missing == null', true],
    ['missing != null', false],
    ['missing == 0', false],
    ['missing != 0', true],
    ['missing == false', false],
    ['missing < 1', false],
    ['missing > 1', false],
    ['missing >= missing', false],
    ['not (missing < 1)', true], // ordering with a missing value is false, not an error (as in the reference)
    ['missing', false],
    ['not missing', true],
    ['missing in [null]', true],
    ['missing in [0, false, ""]', false],
    ['missing not in [1]', true],
    ['job == null', false],
  ])('%s → %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    ['"a" < 1'],
    ['not ("a" < 1)'], // a mismatch fails the whole precondition, even under not
    ['-label == -1'],
    ['not (-missing == 1)'],
    ['1 in [-label]'],
    ['label > 1 or true'],
  ])('%s → false (type mismatch)', (source) => {
    expect(run(source)).toBe(false);
  });

  it('compares strings and numbers as unequal without failing', () => {
    expect(run('"1" == 1')).toBe(false);
    expect(run('not ("1" == 1)')).toBe(true);
  });

  it('short-circuits like Python, so a mismatch that is never reached does not matter', () => {
    expect(run('false and "a" < 1')).toBe(false);
    expect(run('true or "a" < 1')).toBe(true);
    expect(run('not (2 < 1 < "a")')).toBe(true);
  });

  it('treats NaN as false and unequal to itself', () => {
    expect(run('nan')).toBe(false);
    expect(run('nan == nan')).toBe(false);
    expect(run('nan != nan')).toBe(true);
  });

  it('never throws: a throwing getter makes the precondition false', () => {
    expect(run('broken == 1')).toBe(false);
    expect(run('not broken')).toBe(false);
  });
});

describe('precondition language: rejected forms', () => {
  it.each([
    ['f(x)', '(', 'call'],
    ['process.exit(1)', '(', 'process.exit'],
    ['wallet >= 0.4 and len(stock)', '(', 'len'],
    ['__proto__', '__proto__', 'forbidden'],
    ['a.__proto__ == 1', '__proto__', 'forbidden'],
    ['constructor == 1', 'constructor', 'forbidden'],
    ['a.constructor', 'constructor', 'forbidden'],
    ['a.prototype', 'prototype', 'forbidden'],
    ['a.__class__', '__class__', 'forbidden'],
    ['__import__("os")', '__import__', 'forbidden'],
    ['stock["__proto__"] == 1', '__proto__', 'forbidden'],
    ['stock["constructor"]', 'constructor', 'forbidden'],
    ['a[1:2]', ':', 'slice'],
    ['a[:2]', ':', 'slice'],
    ['a[x]', 'x', 'quoted key'],
    ['a[-1]', '-', 'quoted key'],
    ['a[1.5]', '1.5', 'quoted key'],
    ['a[1', 'end', '"]"'],
    ['lambda x: x', 'lambda', 'lambdas are not allowed'],
    ['a = 1', '=', 'assignment'],
    ['a := 1', ':=', 'assignment'],
    ['a += 1', '+=', 'assignment'],
    ['"abc', '"abc', 'unterminated'],
    ['wallet == \'abc', '\'abc', 'unterminated'],
    ['"a\\q"', '\\q', 'escape'],
    ['a == 1 b', '"b"', 'end of the expression'],
    ['a == 1)', '")"', 'end of the expression'],
    ['a + 1', '"+"', 'end of the expression'],
    ['a * 2', '*', 'not supported'],
    ['a % 2', '%', 'not supported'],
    ['a ** 2', '**', 'not supported'],
    ['a && b', '&&', 'use and'],
    ['a || b', '||', 'use or'],
    ['!a', '!', 'use not'],
    ['a === 1', '===', 'use == or !='],
    ['a is None', 'is', 'instead of is'],
    ['a if b else c', 'if', 'conditional'],
    ['[x for x in y]', '[', 'only allowed after "in"'],
    ['1 in [x for x in y]', 'for', 'comprehensions'],
    ['import os', 'import', 'statements'],
    ['[1, 2]', '[', 'only allowed after "in"'],
    ['(1, 2)', ',', 'tuple'],
    ['x in y', '"y"', 'a list'],
    ['x in (1)', ')', '(x,)'],
    ['x in [1] == 1', '==', 'ends it'],
    ['a not b', '"b"', '"in" after "not"'],
    ['1abc', '1abc', 'decimal number'],
    ['0x10', '0x10', 'decimal number'],
    ['a.1', '"1"', 'field name'],
    ['a.and', 'and', 'field name'],
    ['a $ b', '$', 'end of the expression'],
    ['a; b', ';', 'only one expression'],
    ['{1: 2}', '{', 'dicts'],
    ['', 'end of the expression', 'a value'],
    ['   ', 'end of the expression', 'a value'],
    ['a and', 'end of the expression', 'a value'],
    ['()', ')', 'a value'],
    ['not', 'end of the expression', 'a value'],
    ['and', 'and', 'a value'],
  ])('%j is rejected naming %j', (source, token, reason) => {
    const err = syntaxError(source);
    expect(err.message).toContain(token);
    expect(err.message).toContain(reason);
    expect(err.message).toMatch(/^column \d+: expected /);
  });

  it('reports the column of the offending token', () => {
    const source = 'wallet >= 0.4 and len(stock)';
    const err = syntaxError(source);
    expect(err.column).toBe(source.indexOf('(') + 1);
    expect(err.token).toBe('(');
    expect(syntaxError('a == "x').column).toBe(6);
    expect(syntaxError('ok and a.__class__').column).toBe('ok and a.'.length + 1);
  });

  it('rejects expressions longer than 512 characters', () => {
    const source = `${'wallet > 0 and '.repeat(40)}true`;
    expect(source.length).toBeGreaterThan(512);
    const err = syntaxError(source);
    expect(err.message).toContain('512');
    expect(err.column).toBe(513);
    expect(() => parsePrecondition(`1 == ${'1'.repeat(507)}`)).not.toThrow(); // exactly 512
  });

  it.each([
    ['parentheses', `${'('.repeat(40)}1${')'.repeat(40)}`, '('],
    ['not', `${'not '.repeat(40)}true`, 'not'],
    ['signs', `${'-'.repeat(40)}1`, '-'],
    ['lists', `1 in [${'('.repeat(33)}1${')'.repeat(33)}]`, '('],
  ])('rejects nesting deeper than 32 (%s)', (_kind, source, token) => {
    const err = syntaxError(source);
    expect(err.message).toContain(`at most ${MAX_PRECONDITION_DEPTH} levels`);
    expect(err.token).toBe(token);
  });
});

describe('precondition compilation', () => {
  it('fails on an unknown name, naming it with the known roots and a near name', () => {
    expect(() => compile('wallt >= 1')).toThrow(PreconditionCompileError);
    expect(() => compile('wallt >= 1')).toThrow(/unknown name "wallt".*did you mean "wallet"/);
    expect(() => compile('wallt >= 1')).toThrow(/roots: wallet, agent, needs, stock/);
    expect(() => compile('stock.meal > 0')).toThrow(/"stock.meal".*did you mean "stock.meals"/);
  });

  it('lists every unknown name with its column', () => {
    try {
      compile('foo == 1 and wallet > 0 and bar.baz');
      throw new Error('expected a compile error');
    } catch (err) {
      expect(err).toBeInstanceOf(PreconditionCompileError);
      const e = err as PreconditionCompileError;
      expect(e.unknown.map((u) => [u.path.join('.'), u.column])).toEqual([
        ['foo', 1],
        ['bar.baz', 29],
      ]);
      expect(e.message).toContain('"foo"');
      expect(e.message).toContain('"bar.baz"');
    }
  });

  it('does not reach object prototypes through names', () => {
    for (const name of ['toString', 'valueOf', 'hasOwnProperty', 'stock.toString']) {
      expect(() => compile(`${name} == 1`)).toThrow(PreconditionCompileError);
    }
  });

  it('works with a scope that lists no names', () => {
    const bare: PreconditionScope = { resolve: (path) => (path[0] === 'x' ? () => 1 : undefined) };
    expect(compile('x == 1', bare).evaluate(0, 0)).toBe(true);
    expect(() => compile('y', bare)).toThrow(/column 1: expected a known name, found the unknown name "y"/);
  });

  it('resolves each distinct path once, at compile time', () => {
    const resolve = vi.fn((path: readonly string[]) => getters.get(path.join('.')));
    const counting: PreconditionScope = { resolve };
    const source = 'wallet > 0 and stock["meals"] > 0 and stock.meals < 9 and wallet < 5';
    const p = compile(source, counting);
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(p.names).toEqual([['wallet'], ['stock', 'meals']]);
    expect(p.source).toBe(source);
    for (let i = 0; i < 100; i++) p.evaluate(1, 1);
    expect(resolve).toHaveBeenCalledTimes(2);
    expect(p.evaluate(1, 1)).toBe(true);
  });

  it('passes subscripts to the scope as path segments', () => {
    const resolve = vi.fn((_path: readonly string[]) => () => 1);
    compile('queue[0] == 1 and stock["a.b"] == 1', { resolve });
    expect(resolve.mock.calls.map((c) => c[0])).toEqual([
      ['queue', '0'],
      ['stock', 'a.b'],
    ]);
  });
});

describe('precondition safety: no code execution', () => {
  it('rejects call syntax at parse time, before anything runs', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      expect(syntaxError('process.exit(1)').message).toContain('a call of process.exit');
      expect(syntaxError('globalThis.process.exit(1)').message).toContain('(');
      expect(exit).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
    }
  });

  it('never hands forbidden names to the scope', () => {
    const resolve = vi.fn(() => () => 1);
    for (const source of ['constructor', 'x.__proto__', 'x["prototype"]', '__dict__']) {
      expect(() => compile(source, { resolve })).toThrow(PreconditionSyntaxError);
    }
    expect(resolve).not.toHaveBeenCalled();
  });

  it('treats quoted words as plain strings', () => {
    expect(run('"constructor" == "constructor"')).toBe(true);
    expect(run('"__proto__" != "x"')).toBe(true);
    expect(run('label == "constructor"')).toBe(false);
    expect(run('"process.exit(1)" == "process.exit(1)"')).toBe(true);
    expect(run('"constructor" in ["toString", "constructor"]')).toBe(true);
  });

  it('parses into plain data', () => {
    const ast = parsePrecondition('0 < wallet <= 1 and stock["meals"] not in [0, null] or not occupied');
    expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
  });
});
