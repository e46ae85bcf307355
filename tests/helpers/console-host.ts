import { join } from 'node:path';
import { AuditLog } from '../../src/console/audit-log.js';
import { Console } from '../../src/console/console.js';
import { createToken, TokenRing } from '../../src/console/tokens.js';
import { createShard } from '../../src/core/shard.js';
import { ServedShard } from '../../src/serve/served-shard.js';
import { TelemetryStream } from '../../src/telemetry/stream.js';
import { TelemetryHub } from '../../src/telemetry/telemetry-hub.js';
import { smallTown } from './small-town.js';

/** An in-process console over a served small town, with an admin and a viewer token. */
export interface ConsoleScene {
  console: Console;
  served: ServedShard;
  admin: string;
  viewer: string;
  tokenFile: string;
  auditDir: string;
  close: () => Promise<void>;
}

/**
 * Builds the scene in `dir` (12 agents in `capacity` slots), ticking 10 times a second; paused (mutations apply at
 * once) unless `running`.
 */
export async function consoleScene(dir: string, running = false, capacity = 14): Promise<ConsoleScene> {
  const tokenFile = join(dir, 'tokens.jsonl');
  const admin = createToken(tokenFile, 'admin', 'alice');
  const viewer = createToken(tokenFile, 'viewer', 'vic');
  const auditDir = join(dir, 'audit');
  const served = new ServedShard({ dir: join(dir, 'snapshots'), keep: 3 });
  const operatorConsole = new Console(served, new TokenRing(tokenFile), new AuditLog(auditDir));
  served.attach(operatorConsole.attachedState());
  const shard = createShard(smallTown({
    population: { count: 12, capacity },
    perturbations: {
      events: {
        spike: { kind: 'price_spike', prob_per_day: 0, cooldown_ticks: 10, duration: [5, 10], magnitude: [1.2, 1.5], targets: ['market'] },
        meet: { kind: 'arranged_meet', prob_per_day: 0, cooldown_ticks: 10, duration: [5, 10], location: 'workplace', max_participants: 3, gather: 'nearby' },
      },
    },
  }));
  // An in-process telemetry stream that narrates nowhere, for the telemetry commands.
  const telemetry = new TelemetryStream(shard.config.telemetry);
  telemetry.attach(shard);
  telemetry.narrate(() => undefined);
  served.telemetry = Object.assign(new TelemetryHub(undefined), { stream: telemetry });
  const runner = served.start(shard, { tickRate: 10 }, () => undefined, () => operatorConsole.drain());
  if (!running) {
    runner.pause();
    await runner.atBoundary(() => undefined);
  }
  return {
    console: operatorConsole,
    served,
    admin,
    viewer,
    tokenFile,
    auditDir,
    close: async () => {
      await served.drain();
      await served.close();
      await shard.close();
    },
  };
}
