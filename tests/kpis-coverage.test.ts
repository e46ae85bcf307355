import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { COVERAGE_TRUST, tiedAgents } from '../src/kpis/kpis.js';
import { strongestTrust } from '../src/social/social-api.js';

// relationship_coverage counts agents whose strongest live tie has trust ≥ 0.3; the KPI walk stops at the first tie
// that settles it. Generated ledgers (stale owners, dead or replaced partners, NaN and boundary trusts) must give
// the count strongestTrust gives.
describe('relationship coverage walk', () => {
  it('counts exactly the agents strongestTrust covers', () => {
    const shard = createShard(loadConfigFile('configs/town.yaml', { agents: 12, seed: 5 }));
    const s = shard.state;
    const n = s.layout.capacity;
    const k = s.social.tieK;
    const trust = fc.oneof(
      fc.float({ noNaN: false }),
      fc.constantFrom(COVERAGE_TRUST, Math.fround(COVERAGE_TRUST), 0.29999998, -0, 1, Number.NaN),
    );
    const tie = fc.record({ partner: fc.integer({ min: 0, max: n }), life: fc.integer({ min: 0, max: 2 }), trust });
    const agent = fc.record({
      alive: fc.constantFrom(0, 1, 1, 1),
      life: fc.integer({ min: 0, max: 2 }),
      owner: fc.integer({ min: 0, max: 2 }),
      count: fc.integer({ min: 0, max: k }),
      ties: fc.array(tie, { minLength: k, maxLength: k }),
    });
    fc.assert(
      fc.property(fc.array(agent, { minLength: n, maxLength: n }), (agents) => {
        const ids: number[] = [];
        agents.forEach((a, i) => {
          const eid = i + 1;
          s.life.alive[eid] = a.alive;
          s.life.life[eid] = a.life;
          s.social.ownerLife[eid] = a.owner;
          s.social.tieCount[eid] = a.count;
          a.ties.forEach((t, j) => {
            s.social.tiePartner[eid * k + j] = t.partner;
            s.social.tiePartnerLife[eid * k + j] = t.life;
            s.social.trust[eid * k + j] = t.trust;
          });
          if (a.alive === 1) ids.push(eid);
        });
        const want = ids.filter((eid) => strongestTrust(s, eid) >= COVERAGE_TRUST).length;
        expect(tiedAgents(s, Uint32Array.from(ids))).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});
