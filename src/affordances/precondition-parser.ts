/** Precondition language: the recursive-descent parser. */

import {
  type CompareOp,
  isForbiddenName,
  MAX_PRECONDITION_DEPTH,
  MAX_PRECONDITION_LENGTH,
  type PreconditionAst,
  PreconditionSyntaxError,
  type PreconditionValue,
} from './precondition-ast.js';
import { Lexer, type Token, words } from './precondition-lexer.js';

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
