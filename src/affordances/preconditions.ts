import { closest, distance } from 'fastest-levenshtein';

/**
 * Affordance preconditions: a small, safe, Python-like expression language (reference §2.4).
 *
 * Sources are parsed once, at manifest load, by a hand-written tokenizer and recursive-descent parser into
 * an AST, then compiled once per shard into a tree of closures. Names are bound to getters at compile time
 * through a caller-supplied scope, so evaluation is a few closure calls with no lookups by name. Nothing is
 * ever evaluated as JavaScript and no user-supplied name is used as a JS property key.
 */

/** A value an expression can produce or a scope can supply. `null` is a missing value (Python's None). */
export type PreconditionValue = number | boolean | string | null;

/** Reads one bound name for an (agent, object) pair; built by the engine over its typed arrays. */
export type PreconditionGetter = (agent: number, object: number) => PreconditionValue;

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
      const guess = known && known.length > 0 ? closest(dotted, [...known]) : undefined;
      const near =
        guess !== undefined && distance(dotted, guess) <= Math.max(2, Math.floor(dotted.length / 3));
      return `column ${column}: expected ${expected}, found the unknown name "${dotted}"${near ? ` (did you mean "${guess}"?)` : ''}`;
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

// ---------------------------------------------------------------------------------------------------------
// Tokenizer

/** `'a b c'` → `['a', 'b', 'c']`: keeps the token tables below readable. */
function words(list: string): string[] {
  return list.split(' ');
}

type Token =
  | { kind: 'number'; text: string; column: number; value: number } |
  { kind: 'string'; text: string; column: number; value: string } |
  { kind: 'name' | 'op' | 'end'; text: string; column: number };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const IDENT_CHAR = /[A-Za-z0-9_]/;
const WHITESPACE = /[ \t\r\n]/;
// Longest first; most are here only to be rejected with a precise message.
const OPERATORS = words('=== !== == != <= >= := += -= *= /= ** // << >> && || -> <>');
// Maps, not object literals: a lookup must never reach Object.prototype (`'constructor' in {}` is true).
const ESCAPES: ReadonlyMap<string, string> = new Map(
  Object.entries({ '\\': '\\', '\'': '\'', '"': '"', 'n': '\n', 't': '\t', 'r': '\r' }),
);

/** Pulls tokens on demand, so errors come out strictly left to right. */
class Lexer {
  private pos = 0;
  private ahead: Token | undefined;
  private previous: Token | undefined;

  constructor(private readonly src: string) {}

  peek(): Token {
    if (this.ahead === undefined) this.ahead = this.scan();
    return this.ahead;
  }

  next(): Token {
    const token = this.peek();
    this.ahead = undefined;
    this.previous = token;
    return token;
  }

  private scan(): Token {
    const src = this.src;
    while (this.pos < src.length && WHITESPACE.test(src[this.pos]!)) this.pos++;
    const start = this.pos;
    const column = start + 1;
    if (start >= src.length) return { kind: 'end', text: 'end of input', column };
    const ch = src[start]!;
    if (/\d/.test(ch) || (ch === '.' && /\d/.test(src[start + 1] ?? '') && !this.afterOperand())) {
      return this.scanNumber(start);
    }
    if (ch === '"' || ch === '\'') return this.scanString(start, ch);
    IDENT.lastIndex = start;
    const ident = IDENT.exec(src);
    if (ident) {
      this.pos = start + ident[0].length;
      return { kind: 'name', text: ident[0], column };
    }
    const op =
      OPERATORS.find((o) => src.startsWith(o, start)) ?? String.fromCodePoint(src.codePointAt(start)!);
    this.pos = start + op.length;
    return { kind: 'op', text: op, column };
  }

  /** `.5` is a number, but in `a.5` the dot belongs to a path. */
  private afterOperand(): boolean {
    const p = this.previous;
    return (
      p !== undefined &&
      (p.kind === 'name' || p.kind === 'number' || p.kind === 'string' || p.text === ')' || p.text === ']')
    );
  }

  private scanNumber(start: number): Token {
    NUMBER.lastIndex = start;
    const text = NUMBER.exec(this.src)![0];
    let end = start + text.length;
    if (IDENT_CHAR.test(this.src[end] ?? '')) {
      // `1abc`, `0x10`, `1_000`, `1e`: report the whole word rather than a confusing split.
      while (IDENT_CHAR.test(this.src[end] ?? '')) end++;
      const word = this.src.slice(start, end);
      throw new PreconditionSyntaxError(start + 1, word, 'a decimal number', `"${word}"`);
    }
    this.pos = end;
    return { kind: 'number', text, column: start + 1, value: Number(text) };
  }

  private scanString(start: number, quote: string): Token {
    const src = this.src;
    let value = '';
    let i = start + 1;
    while (i < src.length && src[i] !== quote && src[i] !== '\n') {
      if (src[i] === '\\') {
        const escaped = ESCAPES.get(src[i + 1] ?? '');
        if (escaped === undefined) {
          const seq = src.slice(i, i + 2);
          throw new PreconditionSyntaxError(i + 1, seq, 'an escape \\\\ \\\' \\" \\n \\t or \\r', `"${seq}"`);
        }
        value += escaped;
        i += 2;
      } else {
        value += src[i];
        i++;
      }
    }
    if (src[i] !== quote) {
      const text = src.slice(start, Math.min(i, start + 24));
      throw new PreconditionSyntaxError(
        start + 1,
        text,
        `a closing ${quote}`,
        `the unterminated string ${text}`,
      );
    }
    this.pos = i + 1;
    return { kind: 'string', text: src.slice(start, i + 1), column: start + 1, value };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parser

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const LITERAL_WORDS: ReadonlyMap<string, PreconditionValue> = new Map(
  Object.entries({ true: true, false: false, null: null }),
);
const OPERATOR_WORDS: ReadonlySet<string> = new Set(words('and or not in is'));
const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  words(
    'lambda if else elif for while import from as def class return yield await async del global nonlocal',
  ).concat(words('assert pass raise try except finally with break continue')),
);

/** Why a token cannot appear, for the tokens people are likely to try (names and operators alike). */
const PROBLEMS: ReadonlyMap<string, string> = new Map([
  ...because([...PYTHON_KEYWORDS], 'statements are not allowed'),
  ...because(['lambda'], 'lambdas are not allowed'),
  ...because(['if', 'else'], 'conditional expressions are not allowed'),
  ...because(['for'], 'comprehensions are not allowed'),
  ...because(['is'], 'use == or != instead of is'),
  ...because(words('= := += -= *= /='), 'assignment is not allowed; compare with =='),
  ...because([':'], 'slices and lambdas are not allowed'),
  ...because(['===', '!=='], 'use == or !='),
  ...because(['!'], 'use not'),
  ...because(['&&', '&'], 'use and'),
  ...because(['||', '|'], 'use or'),
  ...because(['{', '}'], 'dicts and sets are not allowed'),
  ...because([';'], 'only one expression is allowed'),
  ...because(words('* / // % ** @ ^ ~ << >> <> ->'), 'arithmetic and bitwise operators are not supported'),
]);

function because(tokens: readonly string[], problem: string): [string, string][] {
  return tokens.map((t) => [t, problem]);
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  const problem = token.kind === 'name' || token.kind === 'op' ? PROBLEMS.get(token.text) : undefined;
  return `"${token.text}"${problem ? ` (${problem})` : ''}`;
}

function unexpected(token: Token, expected: string): PreconditionSyntaxError {
  return new PreconditionSyntaxError(token.column, token.text, expected, describe(token));
}

/** Recursive descent over the grammar: or → and → not → comparison → sign → primary. */
class Parser {
  private depth = 0;

  constructor(private readonly lex: Lexer) {}

  parse(): PreconditionAst {
    const ast = this.or();
    const rest = this.lex.peek();
    if (rest.kind !== 'end') throw unexpected(rest, 'an operator or the end of the expression');
    return ast;
  }

  private or(): PreconditionAst {
    return this.logic('or', () => this.and());
  }

  private and(): PreconditionAst {
    return this.logic('and', () => this.not());
  }

  /** `a op b op c` as one n-ary node, so long chains do not nest. */
  private logic(op: 'and' | 'or', operand: () => PreconditionAst): PreconditionAst {
    const first = operand();
    const operands = [first];
    while (this.isWord(this.lex.peek(), op)) {
      this.lex.next();
      operands.push(operand());
    }
    return operands.length === 1 ? first : { kind: 'logic', op, operands, column: first.column };
  }

  private not(): PreconditionAst {
    const token = this.lex.peek();
    if (!this.isWord(token, 'not')) return this.comparison();
    this.lex.next();
    const operand = this.nested(token, () => this.not());
    return { kind: 'not', operand, column: token.column };
  }

  private comparison(): PreconditionAst {
    const first = this.sign();
    const steps: { op: CompareOp; right: PreconditionAst }[] = [];
    for (;;) {
      const token = this.lex.peek();
      if (token.kind === 'op' && COMPARE_OPS.has(token.text)) {
        this.lex.next();
        steps.push({ op: token.text as CompareOp, right: this.sign() });
        continue;
      }
      const negate = this.isWord(token, 'not');
      if (!negate && !this.isWord(token, 'in')) break;
      this.lex.next();
      if (negate) {
        const inToken = this.lex.next();
        if (!this.isWord(inToken, 'in')) throw unexpected(inToken, '"in" after "not"');
      }
      const items = this.sequence();
      const after = this.lex.peek();
      if (
        (after.kind === 'op' && COMPARE_OPS.has(after.text)) ||
        this.isWord(after, 'in') ||
        this.isWord(after, 'not')
      ) {
        throw unexpected(after, 'the end of the comparison (a list or tuple after "in" ends it)');
      }
      return { kind: 'compare', first, steps, membership: { negate, items }, column: first.column };
    }
    return steps.length === 0 ? first : { kind: 'compare', first, steps, column: first.column };
  }

  private sign(): PreconditionAst {
    const token = this.lex.peek();
    if (token.kind !== 'op' || (token.text !== '-' && token.text !== '+')) return this.primary();
    this.lex.next();
    const operand = this.nested(token, () => this.sign());
    return { kind: 'sign', op: token.text as '-' | '+', operand, column: token.column };
  }

  private primary(): PreconditionAst {
    const token = this.lex.next();
    const column = token.column;
    switch (token.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value, column };
      case 'name': {
        const word = token.text.toLowerCase();
        if (LITERAL_WORDS.has(word)) return { kind: 'literal', value: LITERAL_WORDS.get(word)!, column };
        if (token.text === 'None') return { kind: 'literal', value: null, column };
        if (OPERATOR_WORDS.has(token.text) || PYTHON_KEYWORDS.has(token.text))
          throw unexpected(token, 'a value');
        return this.path(token);
      }
      case 'op':
        if (token.text === '(') {
          const inner = this.nested(token, () => this.or());
          const close = this.lex.next();
          if (close.text === ',' && close.kind === 'op')
            throw unexpected(close, '")" (a tuple is only allowed after "in")');
          if (close.kind !== 'op' || close.text !== ')') throw unexpected(close, '")"');
          return inner;
        }
        if (token.text === '[') throw unexpected(token, 'a value (a list is only allowed after "in")');
        throw unexpected(token, 'a value');
      default:
        throw unexpected(token, 'a value');
    }
  }

  /** `name`, `name.field`, `name["key"]`, `name[0]`; constant keys only, so a path binds at compile time. */
  private path(head: Token): PreconditionAst {
    const segments = [this.segment(head)];
    for (;;) {
      const token = this.lex.peek();
      if (token.kind !== 'op') break;
      if (token.text === '.') {
        this.lex.next();
        const field = this.lex.next();
        if (field.kind !== 'name' || OPERATOR_WORDS.has(field.text))
          throw unexpected(field, 'a field name after "."');
        segments.push(this.segment(field));
      } else if (token.text === '[') {
        this.lex.next();
        const key = this.lex.next();
        if (key.kind === 'string') segments.push(this.segment(key));
        else if (key.kind === 'number' && /^\d+$/.test(key.text)) segments.push(key.text);
        else throw unexpected(key, 'a quoted key or a non-negative integer index');
        const close = this.lex.next();
        if (close.kind !== 'op' || close.text !== ']') throw unexpected(close, '"]"');
      } else if (token.text === '(') {
        throw new PreconditionSyntaxError(
          token.column,
          '(',
          'no function calls',
          `"(" (a call of ${segments.join('.')})`,
        );
      } else {
        break;
      }
    }
    return { kind: 'path', path: segments, column: head.column };
  }

  private segment(token: Token): string {
    const name = token.kind === 'string' ? token.value : token.text;
    if (isForbiddenName(name)) {
      throw new PreconditionSyntaxError(
        token.column,
        name,
        'a name that is not constructor, prototype or __…',
        `the forbidden name "${name}"`,
      );
    }
    return name;
  }

  /** `[a, b]` or `(a, b)` / `(a,)` after `in`. */
  private sequence(): PreconditionAst[] {
    const open = this.lex.next();
    const closeText = open.text === '[' ? ']' : open.text === '(' ? ')' : undefined;
    if (open.kind !== 'op' || closeText === undefined)
      throw unexpected(open, 'a list [...] or a tuple (...) after "in"');
    return this.nested(open, () => {
      const items: PreconditionAst[] = [];
      let commas = 0;
      for (;;) {
        if (this.isOp(this.lex.peek(), closeText)) break;
        items.push(this.or());
        const sep = this.lex.peek();
        if (this.isOp(sep, ',')) {
          this.lex.next();
          commas++;
          continue;
        }
        if (!this.isOp(sep, closeText)) throw unexpected(sep, `"," or "${closeText}"`);
      }
      const close = this.lex.next();
      // Python's `(x)` is x itself, not a tuple: ask for `(x,)` rather than guess.
      if (open.text === '(' && items.length === 1 && commas === 0)
        throw unexpected(close, '"," (write (x,) for a one-item tuple)');
      return items;
    });
  }

  /** Runs `inner` one nesting level deeper, enforcing the depth limit at `token`. */
  private nested<T>(token: Token, inner: () => T): T {
    if (++this.depth > MAX_PRECONDITION_DEPTH) {
      throw new PreconditionSyntaxError(
        token.column,
        token.text,
        `nesting at most ${MAX_PRECONDITION_DEPTH} levels deep`,
        `"${token.text}" at level ${this.depth}`,
      );
    }
    try {
      return inner();
    } finally {
      this.depth--;
    }
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === 'name' && token.text === word;
  }

  private isOp(token: Token, op: string): boolean {
    return token.kind === 'op' && token.text === op;
  }
}

/**
 * Parses a precondition into an AST. Throws PreconditionSyntaxError (with the offending token and its column)
 * for anything outside the language: calls, slices, assignment, lambdas, unknown operators, forbidden names,
 * unterminated strings, trailing tokens, more than 512 characters, nesting deeper than 32.
 */
export function parsePrecondition(source: string): PreconditionAst {
  if (source.length > MAX_PRECONDITION_LENGTH) {
    const tail = source.slice(MAX_PRECONDITION_LENGTH, MAX_PRECONDITION_LENGTH + 12);
    throw new PreconditionSyntaxError(
      MAX_PRECONDITION_LENGTH + 1,
      tail,
      `at most ${MAX_PRECONDITION_LENGTH} characters`,
      `${source.length} characters (the excess starts with "${tail}")`,
    );
  }
  return new Parser(new Lexer(source)).parse();
}

// ---------------------------------------------------------------------------------------------------------
// Compiler and evaluation

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
