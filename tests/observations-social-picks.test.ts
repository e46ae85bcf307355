import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load-config.js';
import { createShard } from '../src/core/shard.js';
import { observationContext } from '../src/tensors/observation-context.js';
import { partnerEmbedding, writeSocialSnippet } from '../src/tensors/social-snippet.js';

const AGENTS = 24;

/**
 * The snippet from its definition (docs/TENSORS.md "Social snippet"), for an agent with at least one live tie:
 * the live ties sorted by trust + familiarity (above 0; ties to the earlier edge) fill the friend slots, the other
 * live ties sorted by rivalry (above 0) the rival slots; aggregates over the filled slots in slot order.
 */
function expectedSnippet(shard: ReturnType<typeof createShard>, eid: number, friends: number, rivals: number) {
  const s = shard.state;
  const so = s.social;
  const { alive, life } = s.life;
  const spec = shard.tensors!.spec;
  const embedDim = spec.socialSlotDim - 3;
  const edges = Array.from({ length: so.tieCount[eid]! }, (_, j) => eid * so.tieK + j).filter(
    (i) => alive[so.tiePartner[i]!] === 1 && life[so.tiePartner[i]!] === so.tiePartnerLife[i],
  );
  const byValue = (value: (i: number) => number) => (list: number[]) =>
    list.filter((i) => value(i) > 0).sort((a, b) => value(b) - value(a) || a - b);
  const friendPicks = byValue((i) => so.trust[i]! + so.familiarity[i]!)(edges).slice(0, friends);
  const rivalPicks = byValue((i) => so.rivalry[i]!)(edges.filter((i) => !friendPicks.includes(i))).slice(0, rivals);
  const out: number[] = [];
  const filled: number[] = [];
  for (const [picks, n] of [[friendPicks, friends], [rivalPicks, rivals]] as const) {
    for (let p = 0; p < n; p++) {
      const i = picks[p];
      if (i === undefined) {
        out.push(...new Array<number>(embedDim + 3).fill(0));
        continue;
      }
      filled.push(i);
      for (let d = 0; d < embedDim; d++) out.push(partnerEmbedding(so.tiePartner[i]!, so.tiePartnerLife[i]!, d));
      out.push(so.trust[i]!, so.familiarity[i]!, so.rivalry[i]!);
    }
  }
  let trustSum = 0;
  let rivalrySum = 0;
  for (const i of filled) {
    trustSum += so.trust[i]!;
    rivalrySum += so.rivalry[i]!;
  }
  const n = filled.length;
  const max = (column: Float32Array) => Math.max(...filled.map((i) => column[i]!));
  const aggregates = n === 0 ? [0, 0, 0, 0] : [trustSum / n, max(so.trust), rivalrySum / n, max(so.rivalry)];
  return [...out, ...aggregates].map(Math.fround);
}

describe('the social snippet\'s picks', () => {
  it('are the best live ties by value, ties to the earlier edge, for ledgers full of equal, zero and stale values', () => {
    const loaded = loadConfigFile('configs/town.yaml', { agents: AGENTS });
    const shard = createShard(loaded, { tensors: true });
    const s = shard.state;
    const so = s.social;
    const K = so.tieK;
    // Values from a small set, so equal values are common; zeros and negatives never count.
    const value = fc.constantFrom(-0.5, 0, 0.25, 0.5, 0.5, 1);
    const edge = fc.record({ partner: fc.integer({ min: 1, max: AGENTS }), stale: fc.boolean(), trust: value,
      familiarity: value, rivalry: value });
    try {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 4 }),
          fc.integer({ min: 0, max: 4 }),
          fc.array(edge, { minLength: 1, maxLength: K }),
          fc.array(fc.integer({ min: 1, max: AGENTS }), { maxLength: 6 }),
          (friends, rivals, edges, dead) => {
            if (friends + rivals === 0) return;
            s.config.observations.social_snippet.top_friends = friends;
            s.config.observations.social_snippet.top_rivals = rivals;
            const eid = 1;
            s.life.alive.fill(1, 1, AGENTS + 1);
            for (const d of dead) if (d !== eid) s.life.alive[d] = 0;
            so.ownerLife[eid] = s.life.life[eid]!;
            so.tieCount[eid] = edges.length;
            edges.forEach((e, j) => {
              const i = eid * K + j;
              so.tiePartner[i] = e.partner;
              so.tiePartnerLife[i] = s.life.life[e.partner]! + (e.stale ? 1 : 0);
              so.trust[i] = e.trust;
              so.familiarity[i] = e.familiarity;
              so.rivalry[i] = e.rivalry;
            });
            const live = edges.some((e) => !e.stale && s.life.alive[e.partner] === 1);
            if (!live) return; // no live tie: the rivalry-ledger fallback, not these picks
            const spec = { ...shard.tensors!.spec, socialSlots: friends + rivals };
            const t = { ...shard.tensors!, spec };
            const c = observationContext(s, t, s.clock[0]!);
            const width = (friends + rivals) * spec.socialSlotDim + 4;
            const obs = new Float32Array(c.social + width);
            writeSocialSnippet({ ...c, obs, social: 0, aggregates: width - 4 }, 0, eid);
            expect(Array.from(obs.subarray(0, width))).toEqual(expectedSnippet(shard, eid, friends, rivals));
          },
        ),
        { seed: 20261202, numRuns: 400 },
      );
    } finally {
      void shard.close();
    }
  });
});
