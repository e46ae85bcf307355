import { describe, expect, it } from 'vitest';
import { createGrid, inBounds, isWalkable, setBlocked, tileIndex } from '../src/world/grid.js';
import {
  type Building,
  generateTownLayout,
  LayoutError,
  type LayoutOptions,
  type ObjectKind,
  type TownLayout,
} from '../src/world/layout.js';

/** The config defaults, with a population and job count chosen per test. */
function town(agents: number, extra: Partial<LayoutOptions> = {}): LayoutOptions {
  return {
    kind: 'town',
    agents,
    residentsPerHome: 4,
    bedsPerHome: 2,
    fridgesPerHome: 1,
    stovesPerHome: 1,
    showersPerHome: 1,
    agentsPerWorkplace: 40,
    jobs: 3,
    seed: 'town-seed',
    ...extra,
  };
}

function countKinds(layout: TownLayout): Record<ObjectKind, number> {
  const counts: Record<ObjectKind, number> = { bed: 0, fridge: 0, stove: 0, shower: 0, workplace: 0 };
  for (const o of layout.objects) counts[o.kind]++;
  return counts;
}

/** Number of walkable tiles, and how many of them one BFS (4-connectivity) reaches. */
function connectivity(layout: TownLayout): { walkable: number; reached: number } {
  const { width, walkable } = layout.grid;
  let total = 0;
  let start = -1;
  for (let i = 0; i < walkable.length; i++) {
    if (walkable[i] === 1) {
      total++;
      if (start < 0) start = i;
    }
  }
  if (start < 0) return { walkable: 0, reached: 0 };
  const seen = new Uint8Array(walkable.length);
  const queue = new Int32Array(walkable.length);
  let head = 0;
  let tail = 0;
  queue[tail++] = start;
  seen[start] = 1;
  while (head < tail) {
    const t = queue[head++]!;
    const x = t % width;
    // Visit the 4 neighbours without allocating: left, right, up, down.
    for (let d = 0; d < 4; d++) {
      if ((d === 0 && x === 0) || (d === 1 && x === width - 1)) continue;
      const n = d === 0 ? t - 1 : d === 1 ? t + 1 : d === 2 ? t - width : t + width;
      if (n < 0 || n >= walkable.length || seen[n] === 1 || walkable[n] === 0) continue;
      seen[n] = 1;
      queue[tail++] = n;
    }
  }
  return { walkable: total, reached: tail };
}

function insideInterior(b: Building, x: number, y: number): boolean {
  return x > b.x && y > b.y && x < b.x + b.w - 1 && y < b.y + b.h - 1;
}

/** Asserts every structural rule of a town layout; returns nothing, fails on the first violation. */
function expectValidTown(layout: TownLayout, options: LayoutOptions): void {
  const { grid, buildings, objects } = layout;
  const walk = (x: number, y: number) => isWalkable(grid, x, y);

  for (const b of buildings) {
    let openings = 0;
    for (let x = b.x; x < b.x + b.w; x++) {
      for (let y = b.y; y < b.y + b.h; y++) {
        const onWall = x === b.x || y === b.y || x === b.x + b.w - 1 || y === b.y + b.h - 1;
        if (onWall && walk(x, y)) openings++;
      }
    }
    expect(openings).toBe(1);
    expect(walk(b.doorX, b.doorY)).toBe(true);
    // The door is in a wall, not a corner, and opens onto a walkable tile outside the building.
    const outside = [
      [b.doorX - 1, b.doorY],
      [b.doorX + 1, b.doorY],
      [b.doorX, b.doorY - 1],
      [b.doorX, b.doorY + 1],
    ].filter(([x, y]) => !(x! >= b.x && y! >= b.y && x! < b.x + b.w && y! < b.y + b.h));
    expect(outside.length).toBe(1);
    expect(walk(outside[0]![0]!, outside[0]![1]!)).toBe(true);
  }

  for (const o of objects) {
    expect(walk(o.x, o.y)).toBe(false);
    expect(insideInterior(buildings[o.building]!, o.x, o.y)).toBe(true);
    const free = [walk(o.x - 1, o.y), walk(o.x + 1, o.y), walk(o.x, o.y - 1), walk(o.x, o.y + 1)];
    expect(free.some(Boolean)).toBe(true);
    expect(o.job).toBe(o.kind === 'workplace' ? buildings[o.building]!.job : -1);
  }

  // One component: every walkable neighbour of an object is reachable from every door and street.
  const { walkable, reached } = connectivity(layout);
  expect(reached).toBe(walkable);

  const n = options.agents;
  expect(layout.homeOf.length).toBe(n);
  expect(layout.spawnTiles.length).toBe(2 * n);
  expect(layout.workplaceOf.length).toBe(n);
  for (let i = 0; i < n; i++) {
    const home = buildings[layout.homeOf[i]!]!;
    expect(home.kind).toBe('home');
    const x = layout.spawnTiles[2 * i]!;
    const y = layout.spawnTiles[2 * i + 1]!;
    expect(walk(x, y)).toBe(true);
    expect(insideInterior(home, x, y)).toBe(true);
  }
}

/** Per job, how many agents each workplace of that job got. */
function workplaceLoads(layout: TownLayout, jobs: number): Map<number, number[]> {
  const perBuilding = new Map<number, number>();
  layout.buildings.forEach((b, i) => {
    if (b.kind === 'workplace') perBuilding.set(i, 0);
  });
  let wrongJob = 0; // counted, not asserted per agent: 100k expect() calls are slow
  layout.workplaceOf.forEach((w, i) => {
    if (layout.buildings[w]!.job !== i % jobs) wrongJob++;
    perBuilding.set(w, perBuilding.get(w)! + 1);
  });
  expect(wrongJob).toBe(0);
  const loads = new Map<number, number[]>();
  for (const [b, count] of perBuilding) {
    const job = layout.buildings[b]!.job;
    loads.set(job, [...(loads.get(job) ?? []), count]);
  }
  return loads;
}

describe('grid', () => {
  it('starts walkable on a SharedArrayBuffer and blocks tiles', () => {
    const grid = createGrid(5, 3);
    expect(grid.walkable.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(createGrid(2, 2, 'plain').walkable.buffer).toBeInstanceOf(ArrayBuffer);
    expect(grid.walkable.length).toBe(15);
    expect(Array.from(grid.walkable).every((v) => v === 1)).toBe(true);
    expect(tileIndex(grid, 4, 2)).toBe(14);
    setBlocked(grid, 4, 2);
    expect(grid.walkable[14]).toBe(0);
    expect(isWalkable(grid, 4, 2)).toBe(false);
    expect(isWalkable(grid, 3, 2)).toBe(true);
    expect(inBounds(grid, 5, 0)).toBe(false);
    expect(isWalkable(grid, -1, 0)).toBe(false);
    expect(() => setBlocked(grid, 0, 3)).toThrow(RangeError);
    expect(() => createGrid(0, 4)).toThrow(RangeError);
  });
});

describe('generateTownLayout: town', () => {
  it('houses 10 agents: 3 homes, 3 workplaces and the exact object counts', () => {
    const options = town(10);
    const layout = generateTownLayout(options);
    const homes = layout.buildings.filter((b) => b.kind === 'home');
    const works = layout.buildings.filter((b) => b.kind === 'workplace');
    expect(homes.length).toBe(3); // ceil(10 / 4)
    expect(works.length).toBe(3); // max(3 jobs, ceil(10 / 40))
    expect(layout.buildings.slice(0, 3).every((b) => b.kind === 'home')).toBe(true);
    expect(countKinds(layout)).toEqual({ bed: 6, fridge: 3, stove: 3, shower: 3, workplace: 3 });
    expect(works.map((b) => b.job)).toEqual([0, 1, 2]);
    expect(Array.from(layout.homeOf)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    // Default home: 3x3 interior inside walls, lots on a 6-tile pitch; 6 lots -> 3x2 lots -> 19x13.
    expect(homes[0]).toMatchObject({ w: 5, h: 5 });
    expect([layout.grid.width, layout.grid.height]).toEqual([19, 13]);
    expectValidTown(layout, options);
  });

  it('houses 1,000 agents: 250 homes, 25 workplaces, balanced jobs', () => {
    const options = town(1000);
    const layout = generateTownLayout(options);
    expect(layout.buildings.filter((b) => b.kind === 'home').length).toBe(250);
    expect(countKinds(layout)).toEqual({ bed: 500, fridge: 250, stove: 250, shower: 250, workplace: 25 });
    expectValidTown(layout, options);

    // 25 workplaces round-robin over 3 jobs: 9, 8, 8; 334/333/333 agents spread within +-1.
    const loads = workplaceLoads(layout, 3);
    expect([0, 1, 2].map((j) => loads.get(j)!.length)).toEqual([9, 8, 8]);
    for (const [job, counts] of loads) {
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(job === 0 ? 334 : 333);
    }
    // Residents of one home get distinct spawn tiles (a 3x3 interior leaves 4 floor tiles for 4 residents).
    const tiles = new Set<string>();
    for (let i = 0; i < 4; i++) tiles.add(`${layout.spawnTiles[2 * i]},${layout.spawnTiles[2 * i + 1]}`);
    expect(tiles.size).toBe(4);
  });

  it('spreads workplaces among homes instead of clustering them', () => {
    const layout = generateTownLayout(town(1000));
    const lotOf = (b: Building) => ({ col: (b.x - 1) / (b.w + 1), row: (b.y - 1) / (b.h + 1) });
    const works = layout.buildings.filter((b) => b.kind === 'workplace').map(lotOf);
    const rows = new Set(works.map((w) => w.row));
    // 275 lots on a 17-column grid (17 rows), 25 workplaces every 11 lots: they reach at least 15 rows.
    expect(rows.size).toBeGreaterThanOrEqual(15);
    for (const b of layout.buildings.filter((x) => x.kind === 'home')) {
      const h = lotOf(b);
      const nearest = Math.min(...works.map((w) => Math.abs(w.col - h.col) + Math.abs(w.row - h.row)));
      expect(nearest).toBeLessThanOrEqual(8);
    }
  });

  it('is deterministic, and another seed gives a different but valid town', () => {
    const a = generateTownLayout(town(300));
    const b = generateTownLayout(town(300));
    expect(Buffer.from(a.grid.walkable).equals(Buffer.from(b.grid.walkable))).toBe(true);
    expect(a.objects).toEqual(b.objects);
    expect(a.buildings).toEqual(b.buildings);
    expect(a.spawnTiles).toEqual(b.spawnTiles);
    expect(a.workplaceOf).toEqual(b.workplaceOf);

    const otherOptions = town(300, { seed: 'another-seed' });
    const c = generateTownLayout(otherOptions);
    expect(Buffer.from(a.grid.walkable).equals(Buffer.from(c.grid.walkable))).toBe(false);
    expect(countKinds(c)).toEqual(countKinds(a));
    expectValidTown(c, otherOptions);
  });

  it('handles odd parameters: no jobs, many objects per home, one resident per home', () => {
    const noJobs = town(37, { jobs: 0 });
    const l1 = generateTownLayout(noJobs);
    expect(countKinds(l1).workplace).toBe(0);
    expect(Array.from(l1.workplaceOf).every((w) => w === -1)).toBe(true);
    expectValidTown(l1, noJobs);

    const crowded = town(50, { residentsPerHome: 6, bedsPerHome: 6, fridgesPerHome: 2, showersPerHome: 3 });
    const l2 = generateTownLayout(crowded);
    expect(countKinds(l2)).toEqual({ bed: 54, fridge: 18, stove: 9, shower: 27, workplace: 3 });
    expectValidTown(l2, crowded);

    const single = town(9, { residentsPerHome: 1, bedsPerHome: 1, fridgesPerHome: 0, jobs: 5 });
    const l3 = generateTownLayout(single);
    expect(countKinds(l3)).toEqual({ bed: 9, fridge: 0, stove: 9, shower: 9, workplace: 5 });
    expectValidTown(l3, single);
  });

  it('makes a small open grid for 0 agents, and 1 workplace per job when there are jobs', () => {
    const empty = generateTownLayout(town(0, { jobs: 0 }));
    expect([empty.grid.width, empty.grid.height]).toEqual([8, 8]);
    expect(empty.buildings).toEqual([]);
    expect(empty.homeOf.length).toBe(0);

    const options = town(0, { jobs: 2 });
    const onlyWork = generateTownLayout(options);
    expect(countKinds(onlyWork)).toEqual({ bed: 0, fridge: 0, stove: 0, shower: 0, workplace: 2 });
    expectValidTown(onlyWork, options);
  });

  it('uses an explicit size that fits and names the minimum when it does not', () => {
    const fits = town(10, { width: 40, height: 30 });
    const layout = generateTownLayout(fits);
    expect([layout.grid.width, layout.grid.height]).toEqual([40, 30]);
    expectValidTown(layout, fits);

    // Too short for the near-square 3x2 lot arrangement but wide enough for one row of 6 lots.
    const wide = town(10, { width: 37, height: 7 });
    expectValidTown(generateTownLayout(wide), wide);

    expect(() => generateTownLayout(town(10, { width: 12, height: 12 }))).toThrow(LayoutError);
    expect(() => generateTownLayout(town(10, { width: 12, height: 12 }))).toThrow(
      /width\/height: expected at least 19x13 .*found 12x12/,
    );
  });

  it('rejects invalid options with the option name, expectation and value', () => {
    const bad: Array<[Partial<LayoutOptions>, RegExp]> = [
      [{ agents: -1 }, /option agents: expected an integer in 0\.\.10000000, found -1/],
      [{ agents: 2.5 }, /option agents: .*found 2\.5/],
      [{ residentsPerHome: 0 }, /option residentsPerHome: expected an integer >= 1, found 0/],
      [{ bedsPerHome: -2 }, /option bedsPerHome: expected an integer >= 0, found -2/],
      [{ agentsPerWorkplace: 0 }, /option agentsPerWorkplace/],
      [{ jobs: Number.NaN }, /option jobs: .*found NaN/],
      [{ width: 30 }, /width\/height: expected both or neither, found only width 30/],
      [{ kind: 'city' as 'town' }, /option kind: expected 'town' or 'empty', found 'city'/],
    ];
    for (const [extra, message] of bad) {
      expect(() => generateTownLayout(town(10, extra))).toThrow(LayoutError);
      expect(() => generateTownLayout(town(10, extra))).toThrow(message);
    }
  });

  // Its speed is measured by the benchmarks (world build in docs/PERFORMANCE.md), never asserted: machines are noisy.
  it('generates 100,000 agents on a grid under 2,000 x 2,000', () => {
    const options = town(100_000, { jobs: 4 });
    const layout = generateTownLayout(options);
    expect(layout.grid.width).toBeLessThan(2000);
    expect(layout.grid.height).toBeLessThan(2000);
    expect(layout.buildings.length).toBe(27_500);
    expect(countKinds(layout)).toEqual({
      bed: 50_000,
      fridge: 25_000,
      stove: 25_000,
      shower: 25_000,
      workplace: 2_500,
    });
    const { walkable, reached } = connectivity(layout);
    expect(reached).toBe(walkable);
    for (const counts of workplaceLoads(layout, 4).values()) {
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});

describe('generateTownLayout: empty', () => {
  it('borders the grid, places nothing and spawns on distinct interior tiles', () => {
    const options: LayoutOptions = { ...town(20), kind: 'empty', width: 10, height: 6 };
    const layout = generateTownLayout(options);
    const { grid } = layout;
    expect([grid.width, grid.height]).toEqual([10, 6]);
    let blocked = 0;
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 10; x++) {
        const border = x === 0 || y === 0 || x === 9 || y === 5;
        expect(isWalkable(grid, x, y)).toBe(!border);
        if (border) blocked++;
      }
    }
    expect(blocked).toBe(28);
    expect(layout.buildings).toEqual([]);
    expect(layout.objects).toEqual([]);
    expect(Array.from(layout.homeOf).every((h) => h === -1)).toBe(true);
    expect(Array.from(layout.workplaceOf).every((w) => w === -1)).toBe(true);
    const tiles = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const x = layout.spawnTiles[2 * i]!;
      const y = layout.spawnTiles[2 * i + 1]!;
      expect(isWalkable(grid, x, y)).toBe(true);
      tiles.add(tileIndex(grid, x, y));
    }
    expect(tiles.size).toBe(20); // 32 interior tiles, so no sharing needed
    expect(generateTownLayout(options).spawnTiles).toEqual(layout.spawnTiles);

    // More agents than the 4 interior tiles: they share, but stay inside.
    const tight = generateTownLayout({ ...options, agents: 9, width: 4, height: 4 });
    for (let i = 0; i < 9; i++) {
      expect(isWalkable(tight.grid, tight.spawnTiles[2 * i]!, tight.spawnTiles[2 * i + 1]!)).toBe(true);
    }
  });

  it('requires an explicit size', () => {
    expect(() => generateTownLayout({ ...town(5), kind: 'empty' })).toThrow(
      /width\/height: expected explicit grid size for kind 'empty'/,
    );
  });
});
