import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir, writeTemp } from './helpers/temp-files.js';

const dir = tempDir('townlet-snap-cli-');
const town = ['--config', 'configs/town.yaml', '--agents', '40'];

/** The `hash <tick> <hash>` lines of a run's output. */
const hashLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('hash '));

describe('townlet run with snapshots', () => {
  for (const workers of [0, 1]) {
    it(`resumes a 300-tick snapshot with the hashes of ticks 301–600 of the uninterrupted run (${workers} workers)`, () => {
      const whole = runCli(['run', ...town, '--ticks', '600', '--hash-every', '1', '--tensors', '--workers', String(workers)]);
      expect(whole.code, whole.stderr).toBe(0);
      const folder = join(dir, `resume-${workers}`);
      const first = runCli(['run', ...town, '--ticks', '300', '--tensors', '--workers', String(workers),
        '--snapshot-every', '300', '--snapshot-dir', folder, '--quiet']);
      expect(first.code, first.stderr).toBe(0);
      const resumed = runCli(['run', '--resume', join(folder, 'snapshot-0000000300.tsnap'), '--ticks', '300',
        '--hash-every', '1', '--workers', String(workers)]);
      expect(resumed.code, resumed.stderr).toBe(0);
      const expected = hashLines(whole.stdout).slice(300);
      expect(expected[0]).toMatch(/^hash 301 [0-9a-f]{16}$/);
      expect(hashLines(resumed.stdout)).toEqual(expected);
      // By default a resumed run does the rest of run.ticks (7200 in the town config): here 300 were asked for.
      expect(resumed.stdout).toMatch(/ticks +300 in/);
    });
  }

  it('keeps the newest K snapshots (default 5), named by tick, and leaves other files alone', () => {
    const folder = join(dir, 'rotation');
    const three = runCli(['run', ...town, '--ticks', '40', '--snapshot-every', '5', '--snapshot-dir', folder, '--keep', '3', '--quiet']);
    expect(three.code, three.stderr).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['snapshot-0000000030.tsnap', 'snapshot-0000000035.tsnap', 'snapshot-0000000040.tsnap']);
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    const five = runCli(['run', ...town, '--ticks', '60', '--snapshot-every', '5', '--snapshot-dir', folder, '--quiet']);
    expect(five.code, five.stderr).toBe(0);
    expect(readdirSync(folder).sort()).toEqual([
      'notes.txt',
      ...[40, 45, 50, 55, 60].map((t) => `snapshot-00000000${t}.tsnap`),
    ]);
  });

  it('inspects a snapshot, and refuses a flipped byte in inspect and in --resume (exit 2, file named)', () => {
    const folder = join(dir, 'inspect');
    expect(runCli(['run', ...town, '--ticks', '20', '--snapshot-every', '20', '--snapshot-dir', folder, '--quiet']).code).toBe(0);
    const path = join(folder, 'snapshot-0000000020.tsnap');
    const shown = runCli(['snapshot', 'inspect', path]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/tick +20\n/);
    expect(shown.stdout).toMatch(/config_id +town-v1\n/);
    expect(shown.stdout).toMatch(/schema_version +1\n/);
    expect(shown.stdout).toMatch(/world_hash +[0-9a-f]{16}\n/);
    expect(shown.stdout).toMatch(/agents +40 live of 40 slots\n/);
    expect(shown.stdout).toMatch(new RegExp(`sizes +${statSync(path).size} bytes`));
    expect(shown.stdout).toMatch(/checksum +ok/);
    const json = JSON.parse(runCli(['snapshot', 'inspect', path, '--json']).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ tick: 20, config_id: 'town-v1', agents: 40, checksum: 'ok' });

    const bytes = readFileSync(path);
    bytes[bytes.length >> 1]! ^= 0x10;
    const flipped = writeTemp(dir, 'flipped.tsnap', bytes);
    for (const args of [['snapshot', 'inspect', flipped], ['run', '--resume', flipped, '--ticks', '5']]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error: .*flipped\.tsnap: checksum: expected SHA-256 [0-9a-f]{64} of the body, found [0-9a-f]{64} \(a truncated or edited file\)/);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses overrides and a migration nobody registered (exit 2), and migrates to its own config', () => {
    const folder = join(dir, 'migrate');
    expect(runCli(['run', ...town, '--ticks', '10', '--snapshot-every', '10', '--snapshot-dir', folder, '--quiet']).code).toBe(0);
    const path = join(folder, 'snapshot-0000000010.tsnap');
    const agents = runCli(['run', '--resume', path, '--agents', '5']);
    expect(agents.code).toBe(2);
    expect(agents.stderr).toMatch(/--agents: expected no override with --resume \(the config comes from the snapshot\), found 5/);
    const other = writeTemp(dir, 'other.yaml', readFileSync('configs/town.yaml', 'utf8').replace('config_id: town-v1', 'config_id: town-v9')
      .replace('manifest: affordances/core.yaml', `manifest: ${join(process.cwd(), 'configs/affordances/core.yaml')}`));
    const out = join(dir, 'migrated.tsnap');
    const refused = runCli(['snapshot', 'migrate', path, '--to-config', other, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/config_id: expected town-v9 \(the target config's\), or a migration registered for town-v1 → town-v9, found town-v1, with no such migration/);
    expect(() => statSync(out)).toThrow();
    const blocked = runCli(['run', ...town, '--ticks', '5', '--snapshot-every', '5', '--snapshot-dir', path]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/snapshot-0000000010\.tsnap: expected a snapshot folder \(created if missing\), found EEXIST/);
    const resumeRefused = runCli(['run', '--resume', path, '--config', other, '--ticks', '1']);
    expect(resumeRefused.code).toBe(2);
    expect(resumeRefused.stderr).toMatch(/with no such migration/);
    // The same config_id at another size is another state layout: refused, naming it.
    const bigger = runCli(['snapshot', 'migrate', path, '--to-config', 'configs/town.yaml', '--out', out]);
    expect(bigger.code).toBe(2);
    expect(bigger.stderr).toMatch(/layout_digest: expected this build's state layout/);
    // The same config_id and size: a plain rewrite for that config file, which then inspects and resumes.
    const same = writeTemp(dir, 'same.yaml', readFileSync(other, 'utf8').replace('config_id: town-v9', 'config_id: town-v1')
      .replace('count: 10000', 'count: 40'));
    const rewritten = runCli(['snapshot', 'migrate', path, '--to-config', same, '--out', out]);
    expect(rewritten.code, rewritten.stderr).toBe(0);
    expect(rewritten.stdout).toMatch(/migrated .* \(tick 10\) to town-v1: .*migrated\.tsnap/);
    expect(runCli(['snapshot', 'inspect', out]).stdout).toMatch(/tick +10\n/);
  });
});

describe('townlet run --resume without --ticks', () => {
  it('runs the rest of run.ticks of the snapshot\'s config, with tick numbers that continue', () => {
    const config = writeTemp(dir, 'short.yaml', readFileSync('configs/town.yaml', 'utf8')
      .replace('ticks: 7200', 'ticks: 30').replace('count: 10000', 'count: 40')
      .replace('manifest: affordances/core.yaml', `manifest: ${join(process.cwd(), 'configs/affordances/core.yaml')}`));
    const folder = join(dir, 'rest');
    const first = runCli(['run', '--config', config, '--ticks', '20', '--snapshot-every', '20', '--snapshot-dir', folder]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/snapshots +1 written to /);
    const rest = runCli(['run', '--resume', join(folder, 'snapshot-0000000020.tsnap'), '--hash-every', '5']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toMatch(/ticks +10 in/);
    expect(hashLines(rest.stdout).map((l) => l.split(' ')[1])).toEqual(['25', '30']);
  });
});

describe('a crash while a snapshot is written', () => {
  it('leaves the last good snapshot, at any byte offset of the write', () => {
    const probe = join(dir, 'crash-probe');
    expect(runCli(['run', ...town, '--ticks', '20', '--snapshot-every', '10', '--snapshot-dir', probe, '--quiet']).code).toBe(0);
    const size = statSync(join(probe, 'snapshot-0000000020.tsnap')).size;
    for (const offset of [0, 1, 47, 48, 4096, size >> 1, size - 1]) {
      const folder = join(dir, `crash-${offset}`);
      const r = spawnSync(process.execPath, ['bin/townlet.js', 'run', ...town, '--ticks', '30', '--snapshot-every', '10',
        '--snapshot-dir', folder, '--quiet'], { encoding: 'utf8', env: { ...process.env, TOWNLET_SNAPSHOT_FAULT: `2:${offset}` } });
      expect(r.signal, `offset ${offset}`).toBe('SIGKILL');
      const finished = readdirSync(folder).filter((f) => f.endsWith('.tsnap'));
      expect(finished).toEqual(['snapshot-0000000010.tsnap']);
      const check = runCli(['snapshot', 'inspect', join(folder, 'snapshot-0000000010.tsnap')]);
      expect(check.code, check.stderr).toBe(0);
      // The half-written temp file is never mistaken for a snapshot.
      for (const f of readdirSync(folder).filter((n) => n.endsWith('.tmp'))) {
        expect(statSync(join(folder, f)).size).toBe(offset);
      }
    }
    const resumed = runCli(['run', '--resume', join(dir, `crash-${size >> 1}`, 'snapshot-0000000010.tsnap'), '--ticks', '5', '--hash-every', '5']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(hashLines(resumed.stdout)).toHaveLength(1);
  });
});
