import { z } from 'zod';
import { configSchema } from './schema.js';

/** A JSON-schema node as zod emits it (only the parts the reference uses). */
interface Node {
  type?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  additionalProperties?: Node | boolean;
  items?: Node | boolean;
  prefixItems?: Node[];
  oneOf?: Node[];
  anyOf?: Node[];
}

/**
 * Renders docs/CONFIG.md from the zod schema, so the reference cannot drift from the code
 * (a test compares the committed file with this output; `npm run docs:config` rewrites it).
 */
export function renderConfigDoc(): string {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Node;
  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    'A shard is configured by one YAML file (see `configs/town.yaml`). Every key below is optional except',
    '`config_id`; unknown keys are rejected with a did-you-mean. `townlet validate --config FILE` checks a file',
    'and everything it references. Sections marked *mapping* may be omitted entirely: their defaults apply.',
    'Sections read by systems that are not built yet (see the schedule in docs/ARCHITECTURE.md) are validated',
    'now and take effect when their systems land.',
    '',
  ];
  const header = ['| key | type | default | range | meaning |', '| --- | --- | --- | --- | --- |'];
  const entries = Object.entries(root.properties ?? {});
  const isSection = (n: Node) => n.type === 'object';
  out.push('## Top-level keys', '', ...header);
  for (const [key, node] of entries)
    if (!isSection(node)) walk(node, key, root.required?.includes(key) ?? false, out);
  out.push('');
  for (const [key, node] of entries) {
    if (!isSection(node)) continue;
    out.push(`## \`${key}\``, '', node.description ? `${capitalise(node.description)}.` : '', '', ...header);
    walk(node, key, root.required?.includes(key) ?? false, out);
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function walk(node: Node, path: string, required: boolean, out: string[]): void {
  if (node.properties) {
    if (path.includes('.') || path.includes('[')) out.push(row(path, 'mapping', node, required));
    for (const [key, child] of Object.entries(node.properties)) {
      walk(child, `${path}.${key}`, node.required?.includes(key) ?? false, out);
    }
    return;
  }
  if (node.type === 'object' && typeof node.additionalProperties === 'object') {
    out.push(row(path, 'mapping of id →', node, required));
    const child = node.additionalProperties;
    const options = child.oneOf ?? child.anyOf;
    if (options) {
      for (const option of options) {
        const kind = option.properties?.['kind']?.const;
        out.push(
          `| ${esc(`${path}.<id>`)} | kind \`${String(kind)}\` | | | ${esc(option.properties?.['kind']?.description ?? '')} |`,
        );
        for (const [key, c] of Object.entries(option.properties ?? {})) {
          if (key !== 'kind') walk(c, `${path}.<id>.${key}`, option.required?.includes(key) ?? false, out);
        }
      }
    } else {
      walk(child, `${path}.<id>`, false, out);
    }
    return;
  }
  if (node.type === 'array' && typeof node.items === 'object' && node.items.properties) {
    out.push(row(path, 'list of mappings', node, required));
    walk(node.items, `${path}[]`, false, out);
    return;
  }
  out.push(row(path, typeOf(node), node, required));
}

function row(path: string, type: string, node: Node, required: boolean): string {
  const fallback = required
    ? '**required**'
    : node.default === undefined
      ? '—'
      : `\`${JSON.stringify(node.default)}\``;
  const showDefault =
    type.startsWith('mapping') && node.default !== undefined && JSON.stringify(node.default) === '{}';
  return `| ${esc(path)} | ${esc(type)} | ${showDefault ? '' : esc(fallback)} | ${esc(rangeOf(node))} | ${esc(node.description ?? '')} |`;
}

function typeOf(node: Node): string {
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (node.prefixItems) return `[${node.prefixItems.map(typeOf).join(', ')}]`;
  if (node.type === 'array')
    return `list of ${typeof node.items === 'object' ? typeOf(node.items) : 'values'}`;
  if (node.type === 'object') return 'mapping';
  return node.type ?? 'value';
}

function rangeOf(node: Node): string {
  const item = node.prefixItems?.[0];
  if (item) return rangeOf(item);
  const parts: string[] = [];
  if (node.minimum !== undefined || node.maximum !== undefined) {
    parts.push(
      `${node.minimum ?? '−∞'} … ${node.maximum === Number.MAX_SAFE_INTEGER ? '2⁵³−1' : (node.maximum ?? '∞')}`,
    );
  }
  if (node.minLength !== undefined || node.maxLength !== undefined) {
    parts.push(`${node.minLength ?? 0}–${node.maxLength ?? '∞'} chars`);
  }
  if (node.maxItems !== undefined && !node.prefixItems) parts.push(`≤ ${node.maxItems} items`);
  if (node.pattern) parts.push(`\`${node.pattern}\``);
  return parts.join(', ');
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
