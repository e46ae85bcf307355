/** Precondition language: the tokenizer. */

import { PreconditionSyntaxError } from './precondition-ast.js';

/** `'a b c'` → `['a', 'b', 'c']`: keeps the token tables below readable. */
export function words(list: string): string[] {
  return list.split(' ');
}

export type Token =
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
export class Lexer {
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
