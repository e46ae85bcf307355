import { setImmediate as yieldOnce } from 'node:timers/promises';
import pino from 'pino';
import { loadConfigFile, type LoadedConfig } from '../config/load-config.js';
import { inputError } from '../core/errors.js';
import { createShard, type Shard } from '../core/shard.js';
import { loadSnapshot } from '../snapshots/load.js';
import { readSnapshot } from '../snapshots/reader.js';
import { AuditLog } from '../console/audit-log.js';
import { Console } from '../console/console.js';
import { TokenRing } from '../console/tokens.js';
import { shardFacts } from '../console/shard-facts.js';
import { FrontThread } from './front-host.js';
import { buildHttpApi } from './http-api.js';
import { ServedShard } from './served-shard.js';
import { parseTarget } from '../telemetry/target.js';
import { plugTelemetry, telemetryRoutes } from '../telemetry/serve-routes.js';
import { TelemetryHub } from '../telemetry/telemetry-hub.js';

/** Options of `townlet serve` (docs/CLI.md, docs/OPS.md). */
export interface ServeOptions {
  config?: string;
  agents?: number;
  seed?: number;
  host: string;
  port: number;
  resume?: string;
  snapshotDir: string;
  snapshotEvery?: number;
  keep?: number;
  tickRate?: number;
  ticks?: number;
  workers?: number;
  tensors?: boolean;
  drainTimeout: number;
  /** Token file (townlet token create): the console and every route but the probes need a token of it. */
  tokenFile?: string;
  /** Folder of the console audit log (default logs/console). */
  auditDir?: string;
  /** Telemetry target besides the WebSocket route (`--telemetry`; default telemetry.transport). */
  telemetry?: string;
  /**
   * The public listener and the console's acceptance on a thread of their own (default true; `--no-front-thread`:
   * one thread, as before). docs/CONSOLE.md, "Acceptance".
   */
  frontThread?: boolean;
}

/** Exit codes of a served shard's end. */
const EXIT_DRAINED = 0;
const EXIT_DRAIN_FAILED = 1;
const EXIT_SECOND_SIGNAL = 130;

/**
 * `townlet serve`: a long-running headless shard behind the HTTP API. Bad input (config, snapshot, a port in
 * use) is refused before anything runs. The server listens first (it prints one line with its URL; /livez
 * answers, /readyz says loading), then builds or restores the shard and ticks it. SIGTERM or SIGINT drains: /readyz
 * turns 503, the tick in flight finishes, a snapshot is written, one log line gives the tick, the world hash and
 * the snapshot, and the process exits 0 (1 when the drain outlasts --drain-timeout); a second signal exits 130 at
 * once. With --ticks the shard drains the same way after its last tick. Never returns.
 */
export async function serveCommand(o: ServeOptions): Promise<never> {
  const loaded = o.resume === undefined ? loadServedConfig(o) : checkResume(o, o.resume);
  const every = o.snapshotEvery ? { every: o.snapshotEvery } : {};
  const served = new ServedShard({ dir: o.snapshotDir, keep: o.keep ?? 5, ...every });
  const logger = pino({ base: { service: 'townlet-serve' } }, pino.destination({ fd: 2, sync: true }));
  const tokens = o.tokenFile === undefined
    ? undefined
    : new TokenRing(o.tokenFile, (message) => logger.error({ token_file: o.tokenFile, err: message }, 'token file reload failed'));
  const operatorConsole = new Console(served, tokens, new AuditLog(o.auditDir ?? 'logs/console'));
  served.attach(operatorConsole.attachedState());
  if (o.telemetry !== undefined) parseTarget('--telemetry', o.telemetry);
  const telemetry = new TelemetryHub(o.telemetry);
  const app = await buildHttpApi(served, logger, {
    console: operatorConsole,
    enforceTokens: tokens !== undefined,
    features: [telemetryRoutes(telemetry)],
  });
  const useFront = o.frontThread !== false;
  let front: FrontThread | undefined;
  let port: number;
  try {
    if (useFront) {
      // The tick thread's own listener is internal (not logged: the URL to use is the front thread's).
      const level = app.log.level;
      app.log.level = 'warn';
      await app.listen({ host: '127.0.0.1', port: 0 }).finally(() => (app.log.level = level));
      const upstream = { port: listenPort(app, 0) };
      front = await FrontThread.start(
        { host: o.host, port: o.port, upstream, tokenFile: o.tokenFile },
        (message) => logger.error({ token_file: o.tokenFile, err: message, thread: 'front' }, 'token file reload failed'),
      ).catch(async (err: unknown) => {
        await app.close();
        throw err;
      });
      port = front.port;
    } else {
      await app.listen({ host: o.host, port: o.port });
      port = listenPort(app, o.port);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') inputError('--port', 'a free port', `${o.port} (in use on ${o.host})`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES') {
      inputError('--host / --port', 'an address this machine can listen on', `${o.host}:${o.port} (${code})`);
    }
    throw err;
  }
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
  process.stdout.write(`townlet serve: listening on ${url}\n`);

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    stopping ??= drainAndExit(reason);
    return stopping;
  };
  const drainAndExit = async (reason: string) => {
    const timer = setTimeout(() => {
      logger.error({ reason, timeout_s: o.drainTimeout }, 'drain timed out');
      process.exit(EXIT_DRAIN_FAILED);
    }, o.drainTimeout * 1000);
    logger.info({ reason }, 'draining');
    try {
      const result = await served.drain();
      // Test hook: hold the drain open (a second signal, a drain timeout).
      const hold = Number(process.env['TOWNLET_SERVE_DRAIN_HOLD_MS'] ?? 0);
      if (hold > 0) await new Promise((r) => setTimeout(r, hold));
      await served.close();
      await telemetry.close();
      logger.info({ reason, ...result }, 'drained');
      await front?.close();
      await app.close();
      await served.shard()?.close();
      clearTimeout(timer);
      process.exit(EXIT_DRAINED);
    } catch (err) {
      logger.error({ reason, err: (err as Error).message }, 'drain failed');
      process.exit(EXIT_DRAIN_FAILED);
    }
  };
  let signals = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      signals++;
      if (signals > 1) process.exit(EXIT_SECOND_SIGNAL);
      void stop(signal);
    });
  }

  // Let /livez and /readyz answer "loading" before the (synchronous) build takes the thread.
  if (o.resume !== undefined) served.restoring();
  await yieldOnce();
  let shard: Shard;
  try {
    shard = buildShard(o, loaded);
    plugTelemetry(served, telemetry, shard);
  } catch (err) {
    // Nothing ran: close the listener so the CLI can report the error and exit.
    await front?.close();
    await app.close();
    await served.close();
    throw err;
  }
  if (o.resume !== undefined) {
    const saved = readSnapshot(o.resume).header.extra['console'];
    if (saved !== undefined) operatorConsole.importState(saved, o.resume);
  }
  logger.info({ config_id: shard.config.config_id, tick: shard.tick, agents: shard.liveAgents, url }, 'ticking');
  const fault = Number(process.env['TOWNLET_SERVE_FAULT_TICK'] ?? 0);
  const pace = {
    ...(o.tickRate ? { tickRate: o.tickRate } : {}),
    ...(o.ticks ? { ticks: o.ticks } : {}),
    ...(fault > 0 ? { faultAtTick: fault } : {}),
  };
  if (front) {
    const link = front.link;
    operatorConsole.linkFront(link);
    served.onStart((runner) => link.follow(runner));
    front.postFacts(shardFacts(shard.state));
    front.onFailure((err) => {
      logger.error({ err: err.message }, 'the front-desk thread failed');
      void stop('front thread failed');
    });
  }
  served.start(shard, pace, () => {
    void stop('ticks done');
  }, () => operatorConsole.drain());
  return new Promise<never>(() => undefined);
}

/** The port a fastify app listens on. */
function listenPort(app: { server: { address(): unknown } }, fallback: number): number {
  const address = app.server.address();
  return typeof address === 'object' && address !== null && 'port' in address ? Number(address.port) : fallback;
}

function loadServedConfig(o: ServeOptions): LoadedConfig {
  if (o.config === undefined) inputError('--config', 'a shard config file (or --resume FILE)', 'neither');
  return loadConfigFile(o.config, {
    ...(o.agents !== undefined ? { agents: o.agents } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
}

/** Refuses overrides a snapshot cannot take and a snapshot file that is unreadable or edited, before listening. */
function checkResume(o: ServeOptions, file: string): undefined {
  for (const [flag, value] of [['--agents', o.agents], ['--seed', o.seed], ['--config', o.config]] as const) {
    if (value === undefined) continue;
    inputError(flag, 'no override with --resume (the config comes from the snapshot)', String(value));
  }
  readSnapshot(file);
  return undefined;
}

function buildShard(o: ServeOptions, loaded: LoadedConfig | undefined): Shard {
  const options = {
    profile: true,
    ...(o.workers !== undefined ? { workers: o.workers } : {}),
    ...(o.tensors ? { tensors: true } : {}),
  };
  if (loaded) return createShard(loaded, options);
  return loadSnapshot(o.resume!, options);
}
