/** Precondition language: compiling an AST into closures over a scope, and evaluating them. */

import {
  type CompareOp,
  type CompiledPrecondition,
  type NumericColumn,
  type PreconditionAst,
  PreconditionCompileError,
  type PreconditionGetter,
  type PreconditionScope,
  type PreconditionValue,
} from './precondition-ast.js';

/** A type mismatch (Python's TypeError): it propagates up and makes the whole precondition false. */
const BAD: unique symbol = Symbol('precondition type mismatch');
type Value = PreconditionValue | typeof BAD;
type Node = (agent: number, object: number) => Value;

/** Python truthiness, except that NaN is false: a NaN in the world is a bug, so fail closed. */
function truthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  return false;
}

/** Python `==`: null equals only null, strings only strings, booleans compare as 0/1 with numbers. */
function equal(l: Value, r: Value): boolean {
  if (l === null || r === null) return l === r;
  const ls = typeof l === 'string';
  const rs = typeof r === 'string';
  if (ls || rs) return ls && rs && l === r;
  const ln = typeof l === 'number' ? l : typeof l === 'boolean' ? +l : Number.NaN;
  const rn = typeof r === 'number' ? r : typeof r === 'boolean' ? +r : Number.NaN;
  return ln === rn;
}

/** Ordering: false when either side is missing; strings with strings, numbers/booleans with each other. */
function order(op: CompareOp, l: Value, r: Value): boolean | typeof BAD {
  if (l === null || r === null) return false;
  let a: number | string;
  let b: number | string;
  if (typeof l === 'string' && typeof r === 'string') {
    a = l;
    b = r;
  } else if (
    (typeof l === 'number' || typeof l === 'boolean') &&
    (typeof r === 'number' || typeof r === 'boolean')
  ) {
    a = +l;
    b = +r;
  } else {
    return BAD;
  }
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function compareValues(op: CompareOp, l: Value, r: Value): boolean | typeof BAD {
  if (op === '==') return equal(l, r);
  if (op === '!=') return !equal(l, r);
  return order(op, l, r);
}

/** Compile-time state: the scope, a per-path getter cache, the names read and the unknown ones. */
interface CompileContext {
  readonly scope: PreconditionScope;
  readonly bound: Map<string, PreconditionGetter | undefined>;
  readonly names: string[][];
  readonly unknown: { path: readonly string[]; column: number }[];
}

function compileNode(ast: PreconditionAst, ctx: CompileContext): Node {
  switch (ast.kind) {
    case 'literal': {
      const value = ast.value;
      return () => value;
    }
    case 'path':
      return compilePath(ast.path, ast.column, ctx);
    case 'not': {
      const operand = compileNode(ast.operand, ctx);
      return (a, o) => {
        const v = operand(a, o);
        return v === BAD ? BAD : !truthy(v);
      };
    }
    case 'sign': {
      const operand = compileNode(ast.operand, ctx);
      const negate = ast.op === '-';
      return (a, o) => {
        const v = operand(a, o);
        if (typeof v !== 'number' && typeof v !== 'boolean') return BAD;
        return negate ? -v : +v;
      };
    }
    case 'logic': {
      const operands = ast.operands.map((operand) => compileNode(operand, ctx));
      // Python semantics: `and` yields the first falsy operand (or the last), `or` the first truthy one.
      const stopWhen = ast.op === 'or';
      return (a, o) => {
        let v: Value = null;
        for (const operand of operands) {
          v = operand(a, o);
          if (v === BAD || truthy(v) === stopWhen) return v;
        }
        return v;
      };
    }
    case 'compare':
      return compileCompare(ast, ctx);
  }
}

function compilePath(path: readonly string[], column: number, ctx: CompileContext): Node {
  // NUL cannot occur in a name or a key the lexer accepts unescaped, but keys may hold dots.
  const key = path.join('\u0000');
  if (!ctx.bound.has(key)) {
    const getter = ctx.scope.resolve(path);
    ctx.bound.set(key, getter);
    ctx.names.push([...path]);
    if (getter === undefined) ctx.unknown.push({ path, column });
  }
  const getter = ctx.bound.get(key);
  return getter ?? (() => BAD);
}

function compileCompare(ast: Extract<PreconditionAst, { kind: 'compare' }>, ctx: CompileContext): Node {
  if (ast.steps.length === 1 && !ast.membership) {
    const left = numericColumn(ast.first, ctx);
    const right = left && numericColumn(ast.steps[0]!.right, ctx);
    if (left && right) return compileColumnCompare(ast.steps[0]!.op, left, right);
  }
  const first = compileNode(ast.first, ctx);
  const ops = ast.steps.map((s) => s.op);
  const rights = ast.steps.map((s) => compileNode(s.right, ctx));
  const membership = ast.membership
    ? compileMembership(ast.membership.items, ast.membership.negate, ctx)
    : undefined;
  return (a, o) => {
    let left = first(a, o);
    if (left === BAD) return BAD;
    for (let i = 0; i < rights.length; i++) {
      const right = rights[i]!(a, o);
      if (right === BAD) return BAD;
      const holds = compareValues(ops[i]!, left, right);
      if (holds !== true) return holds; // false or BAD; Python stops the chain at the first false link
      left = right;
    }
    return membership ? membership(left, a, o) : true;
  };
}

/**
 * The typed-array element an operand reads, when it is a number literal or a name whose getter declares one;
 * else undefined. Resolving a name here records it as compilePath does (compilePath then finds it bound).
 */
function numericColumn(ast: PreconditionAst, ctx: CompileContext): NumericColumn | undefined {
  if (ast.kind === 'literal') {
    return typeof ast.value === 'number' ? { values: Float64Array.of(ast.value), by: 'fixed', at: 0 } : undefined;
  }
  if (ast.kind !== 'path') return undefined;
  compilePath(ast.path, ast.column, ctx);
  return ctx.bound.get(ast.path.join('\u0000'))?.column;
}

const COMPARE_CODE: Record<CompareOp, number> = { '<': 0, '<=': 1, '>': 2, '>=': 3, '==': 4, '!=': 5 };
const BY_CODE = { agent: 0, object: 1, fixed: 2 } as const;

/**
 * `left op right` on two numbers read straight from their arrays: no getter call, so no double crosses a call
 * and nothing is boxed. For numbers it is what compareValues gives (NaN compares false, and unequal).
 */
function compileColumnCompare(op: CompareOp, left: NumericColumn, right: NumericColumn): Node {
  const lv = left.values;
  const lby = BY_CODE[left.by];
  const lat = left.at;
  const rv = right.values;
  const rby = BY_CODE[right.by];
  const rat = right.at;
  const code = COMPARE_CODE[op];
  return (a, o) => {
    const x = lv[lby === 0 ? a : lby === 1 ? o : lat]!;
    const y = rv[rby === 0 ? a : rby === 1 ? o : rat]!;
    if (code === 0) return x < y;
    if (code === 1) return x <= y;
    if (code === 2) return x > y;
    if (code === 3) return x >= y;
    return code === 4 ? x === y : x !== y;
  };
}

type Membership = (left: Value, agent: number, object: number) => boolean | typeof BAD;

function compileMembership(
  items: readonly PreconditionAst[],
  negate: boolean,
  ctx: CompileContext,
): Membership {
  if (items.every((item) => item.kind === 'literal')) {
    // The common case (`x in [1, 2]`): the list is constant, fold it once.
    const values = items.map((item) => (item as { value: PreconditionValue }).value);
    return (left) => values.some((v) => equal(left, v)) !== negate;
  }
  const nodes = items.map((item) => compileNode(item, ctx));
  return (left, a, o) => {
    // Python builds the whole list before testing, so a mismatch in any item fails the precondition.
    let found = false;
    for (const node of nodes) {
      const v = node(a, o);
      if (v === BAD) return BAD;
      if (!found && equal(left, v)) found = true;
    }
    return found !== negate;
  };
}

/**
 * Compiles a parsed precondition against a scope. Every path is resolved here, once; an unknown path throws
 * PreconditionCompileError naming it (with the scope's roots and a near name when the scope lists its names).
 */
export function compilePrecondition(
  ast: PreconditionAst,
  source: string,
  scope: PreconditionScope,
): CompiledPrecondition {
  const ctx: CompileContext = { scope, bound: new Map(), names: [], unknown: [] };
  const root = compileNode(ast, ctx);
  if (ctx.unknown.length > 0) throw new PreconditionCompileError(source, ctx.unknown, scope.knownNames);
  return {
    source,
    names: ctx.names,
    evaluate(agent: number, object: number): boolean {
      try {
        const v = root(agent, object);
        return v !== BAD && truthy(v);
      } catch {
        return false; // a throwing getter is the engine's bug, but a precondition must fail closed, not crash a tick
      }
    },
  };
}

/**
 * A scope over a fixed table of getters keyed by dotted name (`"needs.hunger"`). Subscripts and fields are
 * the same key: `stock["meals"]` and `stock.meals` both find `"stock.meals"`. Lookups use a Map, so no name
 * can reach an object prototype.
 */
export function mapScope(getters: ReadonlyMap<string, PreconditionGetter>): PreconditionScope {
  const knownNames = [...getters.keys()];
  return {
    knownNames,
    resolve: (path) => getters.get(path.join('.')),
  };
}
