import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { stoveScene } from './helpers/obs-scene.js';

/** Reference §5.2 order of the first 33 features (with our renamed last_action_id_norm). */
const CORE = [
  'need_hunger', 'need_hygiene', 'need_energy', 'wallet', 'lateness_counter', 'on_shift', 'time_sin', 'time_cos',
  'attendance_ratio', 'wages_withheld', 'shift_pre', 'shift_on_time', 'shift_late', 'shift_absent', 'shift_post',
  'embedding_slot_norm', 'ctx_reset_flag', 'episode_progress', 'rivalry_max', 'rivalry_avoid_count',
  'last_action_id_norm', 'last_action_success', 'last_action_duration', 'reservation_active', 'in_queue',
  'path_hint_north', 'path_hint_south', 'path_hint_east', 'path_hint_west',
  'neighbor_agent_ratio', 'neighbor_object_ratio', 'reserved_tile_ratio', 'nearest_agent_distance',
];

/** The work group after the local summary, in every variant (docs/TENSORS.md). */
const WORK = [
  'job_id_norm', 'at_work', 'shift_starts_in', 'shift_ends_in', 'work_dx', 'work_dy', 'work_dist',
  'work_hint_north', 'work_hint_south', 'work_hint_east', 'work_hint_west',
];

describe('observation spec', () => {
  it('hybrid: 4 channels of 11×11, then 92 features (33 core, 11 work, 4 × 11 social, 4 aggregates)', () => {
    const shard = stoveScene();
    const spec = shard.tensors!.spec;
    expect([spec.variant, spec.window, spec.channels]).toEqual(['hybrid', 11, ['self', 'agents', 'objects', 'reservations']]);
    expect([spec.mapSize, spec.featureNames.length, spec.obsDim]).toEqual([484, 92, 576]);
    expect(spec.featureNames.slice(0, 33)).toEqual(CORE);
    expect(spec.featureNames.slice(33, 44)).toEqual(WORK);
    expect(spec.featureNames.slice(44, 46)).toEqual(['social_slot0_d0', 'social_slot0_d1']);
    expect(spec.featureNames.slice(-4)).toEqual([
      'social_trust_mean', 'social_trust_max', 'social_rivalry_mean', 'social_rivalry_max',
    ]);
    expect(spec.slices).toMatchObject({
      map: [0, 484], features: [484, 576], core: [484, 513], local_summary: [513, 517], work: [517, 528],
      social: [528, 572], social_aggregates: [572, 576], needs: [484, 487], shift: [494, 499], path_hints: [509, 513],
      work_hints: [524, 528],
    });
    // One preallocated row per slot (ordinary memory: this shard has no worker threads).
    const obs = shard.tensors!.buffers.observations!;
    expect(obs.length).toBe(2 * 576);
    expect(obs.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('full: adds path_dx and path_dy (6 × 11 × 11 + 92 = 818), the same features as hybrid', () => {
    const spec = stoveScene({ features: { systems: { observations: 'full' } } }).tensors!.spec;
    expect(spec.channels.slice(4)).toEqual(['path_dx', 'path_dy']);
    expect(spec.obsDim).toBe(818);
    expect(spec.featureNames).toEqual(stoveScene().tensors!.spec.featureNames);
  });

  it('compact: 7×7 with per-type channels and walkable; landmarks and personality come before social', () => {
    const spec = stoveScene({
      features: { systems: { observations: 'compact' }, observations: { personality_channels: true } },
      observations: { compact: { object_channels: ['stove', 'fridge'], include_targets: true } },
    }).tensors!.spec;
    expect(spec.channels).toEqual([
      'self', 'agents', 'objects', 'reservations', 'object:stove', 'object:fridge', 'walkable',
    ]);
    expect([spec.window, spec.mapSize]).toEqual([7, 7 * 49]);
    // 33 core + 11 work + 12 landmarks + 3 personality + 44 social + 4 aggregates = 107 (reference: 96 with both).
    expect(spec.featureNames.length).toBe(107);
    expect(spec.featureNames.slice(33, 44)).toEqual(WORK);
    expect(spec.featureNames.slice(44, 47)).toEqual(['fridge_dx', 'fridge_dy', 'fridge_dist']);
    expect(spec.featureNames.slice(56, 59)).toEqual([
      'personality_extroversion', 'personality_forgiveness', 'personality_ambition',
    ]);
    expect(spec.slices['landmarks']).toEqual([343 + 44, 343 + 56]);
  });

  it('the snippet follows its config: 1 friend, no rival, embed_dim 3, no aggregates', () => {
    const spec = stoveScene({
      observations: { social_snippet: { top_friends: 1, top_rivals: 0, embed_dim: 3, include_aggregates: false } },
    }).tensors!.spec;
    expect(spec.featureNames.slice(44)).toEqual([
      'social_slot0_d0', 'social_slot0_d1', 'social_slot0_d2', 'social_slot0_d3', 'social_slot0_d4', 'social_slot0_d5',
    ]);
  });

  it('rejects an unknown object channel, naming the known types', () => {
    expect(() =>
      stoveScene({
        features: { systems: { observations: 'compact' } },
        observations: { compact: { object_channels: ['stoev'] } },
      }),
    ).toThrow(InputError);
    expect(() =>
      stoveScene({
        features: { systems: { observations: 'compact' } },
        observations: { compact: { object_channels: ['stoev'] } },
      }),
    ).toThrow(/observations\.compact\.object_channels.*stove.*"stoev"/s);
  });
});
