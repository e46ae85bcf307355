import { serveEnv } from '../bridge/env-server.js';
import { loadConfigFile } from '../config/load-config.js';

/** Options of `townlet env-server`. */
export interface EnvServerOptions {
  config: string;
  socket: string;
  agents?: number;
  seed?: number;
  workers?: number;
  ignoreStdin?: boolean;
}

/**
 * `townlet env-server`: serves one TownEnv to one client over a Unix socket (docs/BRIDGE.md). Prints
 * `listening <path>` on stdout once clients may connect; returns when the client closes or disconnects, when
 * standard input closes (unless --ignore-stdin), or on SIGINT/SIGTERM.
 */
export async function envServerCommand(o: EnvServerOptions): Promise<void> {
  const loaded = loadConfigFile(o.config, {
    ...(o.agents !== undefined ? { agents: o.agents } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  });
  const workers = o.workers;
  const withWorkers =
    workers === undefined
      ? loaded
      : { ...loaded, config: { ...loaded.config, workers: { ...loaded.config.workers, threads: workers } } };
  await serveEnv({
    loaded: withWorkers,
    socketPath: o.socket,
    exitWithStdin: !o.ignoreStdin,
    onListening: () => process.stdout.write(`listening ${o.socket}\n`),
  });
}
