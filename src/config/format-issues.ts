import type { z } from 'zod';
import { nearestName } from '../core/did-you-mean.js';
import type { InputIssue } from '../core/errors.js';
import { describeValue } from './read-yaml.js';

type Path = ReadonlyArray<PropertyKey>;

/** Turns zod issues into InputIssues naming the file, the key path, what was expected and what was found. */
export function zodIssuesToInput(
  file: string,
  schema: z.ZodType,
  input: unknown,
  issues: z.core.$ZodIssue[],
) {
  const out: InputIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path, input);
      for (const key of issue.keys) {
        const guess = nearestName(key, known);
        out.push({
          where: at(file, [...issue.path, key]),
          expected: known.length > 0 ? `one of the keys ${known.join(', ')}` : 'no keys here',
          found: `the unknown key "${key}"`,
          ...(guess ? { hint: `did you mean "${guess}"?` } : {}),
        });
      }
      continue;
    }
    const found = valueAt(input, issue.path);
    // Cross-field checks run on defaulted values, so a missing key there means its default was used.
    const foundText =
      found === undefined && issue.code === 'custom' ? 'its default value' : describeFound(found);
    const next = { where: at(file, issue.path), expected: expectedOf(issue, found), found: foundText };
    // Two checks of one key can fail the same way (zod's int() and max() both bound 1e300): say it once.
    const same = (o: InputIssue) => o.where === next.where && o.expected === next.expected && o.found === next.found;
    if (!out.some(same)) out.push(next);
  }
  return out;
}

/** `file: a.b[2].c` */
export function at(file: string, path: Path): string {
  if (path.length === 0) return file;
  let s = '';
  for (const part of path)
    s += typeof part === 'number' ? `[${part}]` : s === '' ? String(part) : `.${String(part)}`;
  return `${file}: ${s}`;
}

function describeFound(value: unknown): string {
  return value === undefined ? 'nothing (the key is missing)' : describeValue(value);
}

function expectedOf(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'object')
        return found === null ? 'a mapping (write {} or remove the key)' : 'a mapping';
      if (issue.expected === 'array') return 'a list';
      if (issue.expected === 'tuple') return 'a list [x, y]';
      return `a value of type ${issue.expected === 'int' ? 'integer' : issue.expected}`;
    case 'too_big':
      return bound(issue.origin, issue.inclusive === false ? '<' : '≤', 'at most', issue.maximum);
    case 'too_small':
      return bound(issue.origin, issue.inclusive === false ? '>' : '≥', 'at least', issue.minimum);
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'one of the documented forms (see docs/CONFIG.md)';
    case 'invalid_format':
      // Custom messages are written "expected …" like zod's own; the caller adds "expected" once.
      return issue.message.replace(/^Invalid string: /, '').replace(/^expected /, '') || `a ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_key':
      return 'a valid key';
    default:
      return issue.message.replace(/^expected /, '');
  }
}

/** "a value ≤ 5", "a list with at most 3 items", "a string of at least 1 characters". */
function bound(origin: string, op: string, words: string, limit: number | bigint): string {
  if (origin === 'array') return `a list with ${words} ${String(limit)} items`;
  if (origin === 'string') return `a string of ${words} ${String(limit)} characters`;
  return `a value ${op} ${String(limit)}`;
}

function valueAt(input: unknown, path: Path): unknown {
  let v: unknown = input;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[part];
  }
  return v;
}

/** The keys the schema accepts at `path` (for did-you-mean). */
function knownKeys(schema: z.ZodType, path: Path, input: unknown): string[] {
  let node: unknown = schema;
  let value: unknown = input;
  for (const part of [...path, null]) {
    node = unwrap(node);
    const def = defOf(node);
    if (part === null) break;
    value =
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[String(part)];
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'tuple') node = (def.items as unknown[])[Number(part)];
    else return [];
    if (node === undefined) return [];
  }
  const def = defOf(node);
  if (def.type === 'object') return Object.keys(def.shape as object);
  if (def.type === 'union') {
    const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
    for (const option of def.options as unknown[]) {
      const shape = defOf(unwrap(option)).shape as Record<string, unknown> | undefined;
      const literal = shape?.['kind'] ? defOf(unwrap(shape['kind'])).values : undefined;
      if (shape && Array.isArray(literal) && literal.includes(kind)) return Object.keys(shape);
    }
  }
  return [];
}

function defOf(node: unknown): Record<string, unknown> {
  return ((node as { _zod?: { def?: Record<string, unknown> } })?._zod?.def ?? {}) as Record<string, unknown>;
}

function unwrap(node: unknown): unknown {
  let n = node;
  for (;;) {
    const def = defOf(n);
    if (def.innerType !== undefined) n = def.innerType;
    else if (def.type === 'pipe') n = def.in;
    else return n;
  }
}
