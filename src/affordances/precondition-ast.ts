/** Precondition language: the values, the AST, the limits and the errors shared by lexer, parser and compiler. */

import { nearestName } from '../core/did-you-mean.js';

/** A value an expression can produce or a scope can supply. `null` is a missing value (Python's None). */
export type PreconditionValue = number | boolean | string | null;

/**
 * Where a numeric name lives: element `agent`, `object` or `at` of a typed array. A getter that carries one lets
 * the compiler compare it to a number without a call in between (a double returned from a call is boxed: garbage
 * per agent in the mask pass).
 */
export interface NumericColumn {
  readonly values: Float64Array | Float32Array | Int32Array;
  readonly by: 'agent' | 'object' | 'fixed';
  /** The element read when `by` is 'fixed'. */
  readonly at: number;
}

/** Reads one bound name for an (agent, object) pair; built by the engine over its typed arrays. */
export type PreconditionGetter = ((agent: number, object: number) => PreconditionValue) & {
  /** Optional: the typed-array element the getter returns, always a number. */
  readonly column?: NumericColumn;
};

/** Binds names to getters. Called at compile time only, once per distinct path. */
export interface PreconditionScope {
  /** The getter for a name or path (`['needs', 'hunger']`), or undefined when the name is unknown. */
  resolve(path: readonly string[]): PreconditionGetter | undefined;
  /** Optional: the dotted names the scope resolves, used to list known roots and suggest a near name. */
  readonly knownNames?: readonly string[];
}

/** A compiled precondition, ready to evaluate per (agent, object). */
export interface CompiledPrecondition {
  /** The source text it was compiled from. */
  readonly source: string;
  /** Every distinct path the expression reads, in order of first use. */
  readonly names: readonly string[][];
  /** True when the precondition holds. Never throws: a type mismatch or a throwing getter gives false. */
  evaluate(agent: number, object: number): boolean;
}

/** Longest accepted source, in characters. */
export const MAX_PRECONDITION_LENGTH = 512;
/** Deepest accepted nesting of parentheses, lists, `not` and unary signs. */
export const MAX_PRECONDITION_DEPTH = 32;

/** A comparison operator. `in` / `not in` take a list or tuple literal on the right. */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A parsed precondition. Every node keeps the 1-based column of its first token for error messages. */
export type PreconditionAst =
  | { readonly kind: 'literal'; readonly value: PreconditionValue; readonly column: number } |
  { readonly kind: 'path'; readonly path: readonly string[]; readonly column: number } |
  { readonly kind: 'not'; readonly operand: PreconditionAst; readonly column: number } |
  {
    readonly kind: 'sign';
    readonly op: '-' | '+';
    readonly operand: PreconditionAst;
    readonly column: number;
  } |
  {
    readonly kind: 'logic';
    readonly op: 'and' | 'or';
    readonly operands: readonly PreconditionAst[];
    readonly column: number;
  } |
  {
    readonly kind: 'compare';
    /** `a < b <= c` is first `a`, steps `[<, b], [<=, c]` (Python chaining). */
    readonly first: PreconditionAst;
    readonly steps: readonly { readonly op: CompareOp; readonly right: PreconditionAst }[];
    /** A trailing `in [..]` / `not in (..)`; it always ends a chain. */
    readonly membership?: { readonly negate: boolean; readonly items: readonly PreconditionAst[] };
    readonly column: number;
  };

/** A precondition the parser rejects. `message` reads `column N: expected …, found …`. */
export class PreconditionSyntaxError extends Error {
  /** 1-based column of the offending token. */
  readonly column: number;
  /** The offending token's text (`end of input` at the end). */
  readonly token: string;
  readonly expected: string;
  readonly found: string;

  constructor(column: number, token: string, expected: string, found: string) {
    super(`column ${column}: expected ${expected}, found ${found}`);
    this.name = 'PreconditionSyntaxError';
    this.column = column;
    this.token = token;
    this.expected = expected;
    this.found = found;
  }
}

/** A precondition naming paths the scope cannot resolve. Lists every unknown path. */
export class PreconditionCompileError extends Error {
  /** The unknown paths, each with the column where it appears. */
  readonly unknown: readonly { readonly path: readonly string[]; readonly column: number }[];

  constructor(
    source: string,
    unknown: readonly { path: readonly string[]; column: number }[],
    known?: readonly string[],
  ) {
    const roots = known ? [...new Set(known.map((n) => n.split('.')[0]!))] : [];
    const expected = roots.length > 0 ? `a known name (roots: ${roots.join(', ')})` : 'a known name';
    const parts = unknown.map(({ path, column }) => {
      const dotted = path.join('.');
      const guess = known ? nearestName(dotted, known) : undefined;
      return `column ${column}: expected ${expected}, found the unknown name "${dotted}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
    });
    super(`${parts.join('; ')} in "${source}"`);
    this.name = 'PreconditionCompileError';
    this.unknown = unknown;
  }
}

/**
 * True for names no expression may use: `constructor`, `prototype`, `__proto__` and anything starting with
 * `__`. They are harmless to our resolver but are the classic handles of prototype and sandbox escapes, and no
 * engine name looks like them, so rejecting them makes a hostile manifest fail loudly at load.
 */
export function isForbiddenName(name: string): boolean {
  return name.startsWith('__') || name === 'constructor' || name === 'prototype';
}
