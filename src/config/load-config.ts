import { dirname, resolve } from 'node:path';
import { InputError, type InputIssue, inputError } from '../core/errors.js';
import { at, zodIssuesToInput } from './format-issues.js';
import { readYamlFile } from './read-yaml.js';
import { configSchema, type TownConfig } from './schema.js';
import type { ObservationVariant } from './schema-observations.js';

/** A validated configuration and where it came from. */
export interface LoadedConfig {
  config: TownConfig;
  /** Absolute path of the YAML file ("<inline>" for configs built in code). */
  path: string;
  /** Directory relative paths inside the config (the manifest) resolve against. */
  baseDir: string;
}

/** Command-line overrides applied on top of the file before validation. */
export interface ConfigOverrides {
  /** population.count (an explicit capacity too small for it is dropped). */
  agents?: number;
  seed?: number;
}

/** Loads and validates a YAML config file, with optional overrides. Throws InputError on any problem. */
export function loadConfigFile(path: string, overrides: ConfigOverrides = {}): LoadedConfig {
  const absolute = resolve(path);
  const raw = applyOverrides(readYamlFile(path) as Record<string, unknown>, overrides);
  return { config: parseConfig(raw, path), path: absolute, baseDir: dirname(absolute) };
}

function applyOverrides(raw: Record<string, unknown>, o: ConfigOverrides): Record<string, unknown> {
  const out = { ...raw };
  if (o.seed !== undefined) out['seed'] = o.seed;
  if (o.agents !== undefined) {
    const population = isMapping(out['population']) ? { ...out['population'] } : {};
    population['count'] = o.agents;
    // The override is a request for that many agents: a capacity written for another size must not veto it.
    if (typeof population['capacity'] === 'number' && population['capacity'] < o.agents)
      delete population['capacity'];
    out['population'] = population;
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Validates a config object (YAML already parsed, or built in code). `where` names the source in messages.
 * Throws InputError listing every problem found.
 */
export function parseConfig(raw: unknown, where = '<config>'): TownConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new InputError(zodIssuesToInput(where, configSchema, raw, result.error.issues));
  const issues = crossCheck(result.data, where);
  if (issues.length > 0) throw new InputError(issues);
  return result.data;
}

/** Rules that span sections. */
function crossCheck(c: TownConfig, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (path: PropertyKey[], expected: string, found: string) =>
    issues.push({ where: at(file, path), expected, found });
  for (const [id, job] of Object.entries(c.jobs)) {
    if (job.start_tick >= c.ticks_per_day) {
      add(
        ['jobs', id, 'start_tick'],
        `a tick of the day (< ticks_per_day ${c.ticks_per_day})`,
        String(job.start_tick),
      );
    }
  }
  const { width, height } = c.world.grid;
  if ((width === undefined) !== (height === undefined)) {
    add(
      ['world', 'grid'],
      'both width and height, or neither',
      width === undefined ? 'only height' : 'only width',
    );
  }
  if (c.world.layout.kind === 'empty' && width === undefined) {
    add(['world', 'grid'], 'width and height (an empty layout has no size of its own)', 'neither');
  }
  const needed = c.population.count + c.scenario.agents.length;
  if (c.population.capacity !== undefined && c.population.capacity < needed) {
    add(
      ['population', 'capacity'],
      `at least count + scenario agents = ${needed}`,
      String(c.population.capacity),
    );
  }
  if (c.observations.map_dtype === 'uint8' && c.features.systems.observations === 'full') {
    add(
      ['observations', 'map_dtype'],
      'float32 with the full variant (its path_dx, path_dy channels are unit-vector floats), or the hybrid or ' +
      'compact variant',
      'uint8',
    );
  }
  const seen = new Set<string>();
  c.scenario.agents.forEach((agent, i) => {
    if (seen.has(agent.id)) add(['scenario', 'agents', i, 'id'], 'a unique agent id', `"${agent.id}" again`);
    seen.add(agent.id);
    if (agent.job !== undefined && !(agent.job in c.jobs)) {
      add(
        ['scenario', 'agents', i, 'job'],
        `a job id from jobs (${Object.keys(c.jobs).join(', ')})`,
        `"${agent.job}"`,
      );
    }
  });
  const objectIds = new Set<string>();
  c.scenario.objects.forEach((object, i) => {
    if (objectIds.has(object.id))
      add(['scenario', 'objects', i, 'id'], 'a unique object id', `"${object.id}" again`);
    objectIds.add(object.id);
  });
  return issues;
}

/**
 * Guards a consumer (a policy, a snapshot) that was built for one observation variant against a shard
 * configured for another. Throws InputError on mismatch.
 */
export function requireObservationVariant(config: TownConfig, expected: ObservationVariant): void {
  const actual = config.features.systems.observations;
  if (actual !== expected) {
    inputError(
      `config ${config.config_id}: features.systems.observations`,
      `the variant "${expected}"`,
      `"${actual}"`,
    );
  }
}
