import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compilePrecondition,
  mapScope,
  type NumericColumn,
  type PreconditionGetter,
  parsePrecondition,
} from '../src/affordances/preconditions.js';

// Getters that carry their typed-array column compile to a direct comparison; stripping the column must give the
// generic path's answer for every value, including NaN, infinities, −0 and Float32 rounding.
const AGENTS = 4;
const OBJECTS = 3;
const special = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 0.1, 1e-40, 2 ** 31 - 1);
const double = fc.oneof(special, fc.double({ min: -1e6, max: 1e6 }));
const int = fc.oneof(fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)), fc.integer({ min: -5, max: 5 }));

interface World {
  agentF64: Float64Array;
  agentF32: Float32Array;
  objectI32: Int32Array;
  fixedF64: Float64Array;
}

const world = fc.record({
  agentF64: fc.array(double, { minLength: AGENTS, maxLength: AGENTS }).map((v) => Float64Array.from(v)),
  agentF32: fc.array(double, { minLength: AGENTS, maxLength: AGENTS }).map((v) => Float32Array.from(v)),
  objectI32: fc.array(int, { minLength: OBJECTS, maxLength: OBJECTS }).map((v) => Int32Array.from(v)),
  fixedF64: fc.array(double, { minLength: 2, maxLength: 2 }).map((v) => Float64Array.from(v)),
});

function column(values: NumericColumn['values'], by: NumericColumn['by'], at = 0): PreconditionGetter {
  const read: PreconditionGetter =
    by === 'agent' ? (a) => values[a]! : by === 'object' ? (_a, o) => values[o]! : () => values[at]!;
  return Object.assign(read, { column: { values, by, at } });
}

/** The same names twice: with columns (the fast path) and as plain getters (the generic path). */
function scopes(w: World) {
  const withColumns = new Map<string, PreconditionGetter>([
    ['wallet', column(w.agentF64, 'agent')],
    ['needs.energy', column(w.agentF32, 'agent')],
    ['stock.meals', column(w.objectI32, 'object')],
    ['price', column(w.fixedF64, 'fixed', 1)],
    ['flag', (a) => a % 2 === 0],
  ]);
  const plain = new Map<string, PreconditionGetter>(
    [...withColumns].map(([name, getter]) => [name, (a: number, o: number) => getter(a, o)]),
  );
  return { fast: mapScope(withColumns), generic: mapScope(plain) };
}

const operand = fc.oneof(
  fc.constantFrom('wallet', 'needs.energy', 'stock.meals', 'price', 'flag', 'true', '"x"', 'None'),
  fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 })).map((v) => `(${v})`),
);
const op = fc.constantFrom('<', '<=', '>', '>=', '==', '!=');
const compare = fc.tuple(operand, op, operand).map(([l, o, r]) => `${l} ${o} ${r}`);
const expression = fc.oneof(
  compare,
  compare.map((c) => `not (${c})`),
  fc.tuple(compare, compare).map(([a, b]) => `${a} and ${b}`),
  fc.tuple(compare, op, operand).map(([c, o, r]) => `${c} ${o} ${r}`),
);

describe('precondition numeric columns', () => {
  it('compare as the generic path does, for generated values and expressions', () => {
    fc.assert(
      fc.property(world, fc.array(expression, { minLength: 1, maxLength: 6 }), (w, sources) => {
        const { fast, generic } = scopes(w);
        for (const source of sources) {
          const ast = parsePrecondition(source);
          const a = compilePrecondition(ast, source, fast);
          const b = compilePrecondition(ast, source, generic);
          expect(a.names).toEqual(b.names);
          for (let agent = 0; agent < AGENTS; agent++) {
            for (let object = 0; object < OBJECTS; object++) {
              expect(a.evaluate(agent, object), `${source} @ ${agent},${object}`).toBe(b.evaluate(agent, object));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('read the arrays live: a change after compiling is seen by the next evaluation', () => {
    const wallet = new Float64Array([0, 5]);
    const scope = mapScope(new Map([['wallet', column(wallet, 'agent')]]));
    const source = 'wallet >= 2.5';
    const compiled = compilePrecondition(parsePrecondition(source), source, scope);
    expect(compiled.evaluate(1, 0)).toBe(true);
    wallet[1] = 2;
    expect(compiled.evaluate(1, 0)).toBe(false);
  });
});
