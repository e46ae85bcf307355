import type { TownConfig } from '../config/schema.js';
import { InputError, type InputIssue } from '../core/errors.js';
import type { Grid } from '../world/grid.js';
import { besideTiles, buildTileField } from '../world/tile-field.js';

/**
 * The jobs as the hot loops read them (index = job, as employment.job): shift window, lateness penalty and the
 * work field. Derived from the config and the map at shard creation, so it is not hashed; wages live in the
 * economy (`economy.wages`), which may change them.
 */
export class JobTable {
  /** Shift start, tick of day. */
  readonly start: Int32Array;
  /** Shift end, tick of day, inclusive (end_tick, at most ticks_per_day − 1). */
  readonly end: Int32Array;
  /** Wallet penalty on the first late tick of a shift. */
  readonly latenessPenalty: Float64Array;
  /** Work field of each job: walking distance to the job's work tiles (0 = at work; UNREACHABLE). */
  readonly fields: readonly Int32Array[];

  constructor(start: Int32Array, end: Int32Array, latenessPenalty: Float64Array, fields: readonly Int32Array[]) {
    this.start = start;
    this.end = end;
    this.latenessPenalty = latenessPenalty;
    this.fields = fields;
  }

  /** Number of jobs. */
  get count(): number {
    return this.start.length;
  }
}

/** Object positions by object row. */
interface Placed {
  readonly x: Int16Array;
  readonly y: Int16Array;
}

/**
 * Builds the job table. Work tiles of job j: with `jobs.<id>.location`, that tile if walkable, else its walkable
 * north/south/east/west neighbours; without, the tiles beside each of the job's workplace objects. A location
 * outside the grid, or a blocked one with no walkable neighbour, throws InputError (`source` names the config).
 * `workplacesByJob` lists each job's workplace object rows.
 */
export function buildJobTable(
  config: TownConfig,
  jobIds: readonly string[],
  grid: Grid,
  objects: Placed,
  workplacesByJob: readonly Int32Array[],
  source: string,
): JobTable {
  const n = jobIds.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const penalty = new Float64Array(n);
  const fields: Int32Array[] = [];
  const issues: InputIssue[] = [];
  jobIds.forEach((id, j) => {
    const job = config.jobs[id]!;
    start[j] = job.start_tick;
    // A shift ends within its day: tick of day never exceeds ticks_per_day − 1.
    end[j] = Math.min(job.end_tick, config.ticks_per_day - 1);
    penalty[j] = job.lateness_penalty;
    const seeds = job.location
      ? locationSeeds(grid, job.location, `${source}: jobs.${id}.location`, issues)
      : workplaceSeeds(grid, objects, workplacesByJob[j] ?? new Int32Array(0));
    fields.push(buildTileField(grid, seeds));
  });
  if (issues.length > 0) throw new InputError(issues);
  return new JobTable(start, end, penalty, fields);
}

function locationSeeds(grid: Grid, [x, y]: readonly [number, number], where: string, issues: InputIssue[]): number[] {
  const { width, height, walkable } = grid;
  if (x >= width || y >= height) {
    issues.push({ where, expected: `a tile inside the ${width}×${height} grid`, found: `[${x}, ${y}]` });
    return [];
  }
  const t = y * width + x;
  if (walkable[t] === 1) return [t];
  const seeds = besideTiles(grid, x, y, []).filter((n) => walkable[n] === 1);
  if (seeds.length === 0) {
    issues.push({ where, expected: 'a walkable tile or one beside a walkable tile', found: `[${x}, ${y}] walled in` });
  }
  return seeds;
}

function workplaceSeeds(grid: Grid, objects: Placed, rows: Int32Array): number[] {
  const seeds: number[] = [];
  for (const row of rows) besideTiles(grid, objects.x[row]!, objects.y[row]!, seeds);
  return seeds;
}
