import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDoc } from '../src/config/config-doc.js';

describe('docs/CONFIG.md', () => {
  it('is the reference generated from the schema (run `npm run docs:config` after changing it)', () => {
    expect(readFileSync('docs/CONFIG.md', 'utf8')).toBe(renderConfigDoc());
  });

  it('documents every section with type, default and range', () => {
    const doc = renderConfigDoc();
    for (const section of [
      'run',
      'features',
      'rewards',
      'economy',
      'jobs',
      'behavior',
      'queue_fairness',
      'conflict',
      'embedding_allocator',
      'observations',
      'affordances',
      'stability',
      'employment',
      'lifecycle',
      'perturbations',
      'world',
      'population',
      'scenario',
      'workers',
    ]) {
      expect(doc).toContain(`## \`${section}\``);
    }
    expect(doc).toMatch(/\| lifecycle\.exit_cooldown_ticks \| integer \| `120` \| 0 … 100000 \|/);
    expect(doc).toMatch(/\| rewards\.decay_rates\.hunger \| number \| `0\.01` \| 0 … 1 \|/);
    expect(doc).toMatch(/\| config_id \| string \| \*\*required\*\* \|/);
  });
});
