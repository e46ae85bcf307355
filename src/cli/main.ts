import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../core/errors.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, ExitWith } from './exit-codes.js';
import { auditVerifyCommand } from './audit-command.js';
import { consoleCommand } from './console-command.js';
import { createToken } from '../console/tokens.js';
import { intOption } from './parse-int-option.js';

// Commands load their modules when they run: `townlet --help` or `townlet run` need not load the HTTP server,
// the bridge or the snapshot writer (start-up time is part of readiness).

/** Builds the `townlet` program. Exposed for tests; `bin/townlet.js` runs it. */
export function buildProgram(): Command {
  const program = new Command('townlet')
    .description('Townlet-TS: a deterministic town of reinforcement-learning agents')
    .exitOverride()
    .showHelpAfterError('(run townlet --help for usage)');

  withRunOptions(
    program
      .command('run')
      .description('run a shard headless for a bounded number of ticks and print a summary')
      .option('--config <yaml>', 'shard config file (with --resume: the target config; default the snapshot\'s)'),
  )
    .option('--resume <file>', 'continue a saved shard (the config comes from the snapshot)')
    .addOption(
      new Option('--snapshot-every <n>', 'save a snapshot every n ticks (with --snapshot-dir)').argParser(intOption(1)),
    )
    .option('--snapshot-dir <dir>', 'folder for periodic snapshots (snapshot-<tick>.tsnap)')
    .addOption(new Option('--keep <k>', 'periodic snapshots kept, newest first (default 5)').argParser(intOption(1)))
    .option('--telemetry <target>', 'stream telemetry to stdout, file:PATH or tcp:HOST:PORT (docs/TELEMETRY.md)')
    .action(async (opts) => {
      await (await import('./run-command.js')).runCommand(opts);
    });

  withRunOptions(
    program
      .command('capture')
      .description('run like `run` and record observations, actions, rewards, flags and masks as .npy files')
      .requiredOption('--config <yaml>', 'shard config file'),
  )
    .requiredOption('--out <dir>', 'directory for the .npy files and manifest.json')
    .addOption(
      new Option('--record-agents <k>', 'record k agent slots, evenly spread (default: all)').argParser(intOption(1)),
    )
    .addOption(new Option('--chunk-ticks <n>', 'ticks buffered between writes (default 64)').argParser(intOption(1)))
    .action(async (opts) => {
      await (await import('./capture-command.js')).captureCommand(opts);
    });

  program
    .command('baselines')
    .description('run one episode per seed for each baseline policy; print R, faints, charter KPIs and reward parts')
    .requiredOption('--config <yaml>', 'shard config file')
    .requiredOption('--seeds <A-B>', 'seeds: an inclusive range A-B or one seed')
    .addOption(new Option('--agents <n>', 'override population.count').argParser(intOption(1, 1_000_000)))
    .addOption(
      new Option('--ticks <n>', 'ticks per episode (default: env.episode_ticks of the config)').argParser(intOption(1)),
    )
    .option('--policies <list>', 'comma-separated subset of noop,uniform,chat_spam,use_spam,wander,scripted,rule')
    .option('--json', 'one JSON line per policy instead of the table')
    .action(async (opts) => {
      (await import('./baselines-command.js')).baselinesCommand(opts);
    });

  program
    .command('env-server')
    .description('serve one env to one client over a Unix socket, tensors through a shared file (docs/BRIDGE.md)')
    .requiredOption('--config <yaml>', 'shard config file')
    .requiredOption('--socket <path>', 'Unix socket path to listen on (must not exist; removed once a client connects)')
    .addOption(new Option('--agents <n>', 'override population.count').argParser(intOption(1, 1_000_000)))
    .addOption(new Option('--seed <s>', 'override seed (reset may give another)').argParser(intOption(0)))
    .addOption(
      new Option('--workers <n>', 'worker threads for the tensor rows (default: workers.threads)').argParser(
        intOption(0, 64),
      ),
    )
    .option('--ignore-stdin', 'keep serving when standard input closes (by default its closing stops the server)')
    .action(async (opts) => {
      await (await import('./env-server-command.js')).envServerCommand(opts);
    });

  program
    .command('serve')
    .description('run a shard until told to stop, behind an HTTP API: health, readiness, metrics, run control (docs/OPS.md)')
    .option('--config <yaml>', 'shard config file')
    .addOption(new Option('--agents <n>', 'override population.count').argParser(intOption(0, 1_000_000)))
    .addOption(new Option('--seed <s>', 'override seed').argParser(intOption(0)))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(new Option('--port <port>', 'port to listen on (0: any free port)').default(8787).argParser(intOption(0, 65535)))
    .option('--resume <file>', 'continue a saved shard (the config comes from the snapshot)')
    .option('--snapshot-dir <dir>', 'folder for snapshots: periodic, on request and at the drain', 'snapshots')
    .addOption(new Option('--snapshot-every <n>', 'save a snapshot every n ticks').argParser(intOption(1)))
    .addOption(new Option('--keep <k>', 'snapshots kept, newest first (default 5)').argParser(intOption(1)))
    .addOption(new Option('--tick-rate <r>', 'cap on ticks per second (default: as fast as possible)').argParser(intOption(1, 100_000)))
    .addOption(new Option('--ticks <n>', 'drain and exit after n ticks (default: run until told to stop)').argParser(intOption(1)))
    .addOption(
      new Option('--workers <n>', 'worker threads for the tensor rows (default: workers.threads)').argParser(intOption(0, 64)),
    )
    .option('--tensors', 'build observations, masks and rewards every tick')
    .option('--telemetry <target>', 'stream telemetry to stdout, file:PATH or tcp:HOST:PORT (WebSocket: GET /telemetry)')
    .addOption(
      new Option('--drain-timeout <s>', 'seconds a drain may take before exit 1').default(30).argParser(intOption(1, 3600)),
    )
    .option('--token-file <file>', 'enforce bearer tokens of this file (townlet token create); re-read when it changes')
    .option('--audit-dir <dir>', 'folder of the console audit log', 'logs/console')
    .option('--no-front-thread', 'serve and accept console mutations on the ticking thread (no front-desk thread)')
    .action(async (opts) => {
      await (await import('../serve/serve-command.js')).serveCommand(opts);
    });

  program
    .command('console')
    .description('send one console command to a served shard (docs/CONSOLE.md); exit 0 ok, 2 refused, 1 internal')
    .argument('<command>', 'console command, e.g. set_price, pause, whoami')
    .requiredOption('--url <url>', 'the served shard, e.g. http://127.0.0.1:8787')
    .option('--token <token>', 'bearer token (default: TOWNLET_TOKEN)')
    .option('--args <json>', 'the command\'s args as a JSON object')
    .option('--cmd-id <id>', 'idempotency key (required by destructive commands)')
    .option('--dry-run', 'check the command without applying it')
    .option('--wait', 'on a running shard, answer once the mutation applied (or was refused) rather than with 202')
    .option('--json', 'print the whole response as JSON')
    .action(async (command: string, opts) => {
      await consoleCommand(command, opts);
    });

  const token = program.command('token').description('console bearer tokens');
  token
    .command('create')
    .description('make a token, print it once, append its SHA-256, role and label to the token file')
    .requiredOption('--role <role>', 'viewer or admin')
    .requiredOption('--label <label>', 'who or what holds it (written to the audit log)')
    .requiredOption('--token-file <file>', 'the token file townlet serve --token-file reads')
    .action((opts: { role: string; label: string; tokenFile: string }) => {
      process.stdout.write(`${createToken(opts.tokenFile, opts.role, opts.label)}\n`);
    });

  const audit = program.command('audit').description('the console audit log');
  audit
    .command('verify')
    .description('check the hash chain of audit files (in order); exit 2 naming the first bad line')
    .argument('<files...>', 'audit log files, oldest first')
    .option('--head <hash>', 'the head hash the last line must have (from /health or a snapshot)')
    .action((files: string[], opts: { head?: string }) => {
      process.stdout.write(`${auditVerifyCommand(files, opts)}\n`);
    });

  program
    .command('validate')
    .description('check a config and everything it references; prints OK or every problem')
    .requiredOption('--config <yaml>', 'shard config file')
    .action(async (opts) => {
      process.stdout.write(`${await (await import('./validate-command.js')).validateCommand(opts)}\n`);
    });

  const snapshot = program.command('snapshot').description('inspect and migrate shard snapshots (docs/SNAPSHOTS.md)');
  snapshot
    .command('inspect')
    .description('print what a snapshot holds and check its checksum (exit 2 when it fails)')
    .argument('<file>', 'snapshot file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      process.stdout.write(`${(await import('./snapshot-command.js')).inspectCommand(file, opts)}\n`);
    });
  snapshot
    .command('migrate')
    .description('rewrite a snapshot for another config (through a registered migration when config_ids differ)')
    .argument('<file>', 'snapshot file')
    .requiredOption('--to-config <yaml>', 'the target config file')
    .requiredOption('--out <file>', 'where to write the migrated snapshot')
    .action(async (file: string, opts: { toConfig: string; out: string }) => {
      process.stdout.write(`${await (await import('./snapshot-command.js')).migrateCommand(file, opts)}\n`);
    });

  const telemetry = program.command('telemetry').description('read telemetry streams (docs/TELEMETRY.md)');
  telemetry
    .command('tail')
    .description('print a stream as it arrives: a file (followed across rotations), tcp:HOST:PORT (listens) or ws://…/telemetry')
    .argument('<source>', 'file, tcp:HOST:PORT or ws://HOST:PORT/telemetry')
    .option('--json', 'print the payloads as they came (NDJSON)')
    .addOption(new Option('--count <n>', 'stop after n payloads').argParser(intOption(1)))
    .option('--no-follow', 'a file: print what is there and stop')
    .option('--token <token>', 'ws://: bearer token of a shard served with --token-file (default TOWNLET_TOKEN)')
    .action(async (source: string, opts: { json?: boolean; count?: number; follow: boolean; token?: string }) => {
      const token = opts.token ?? process.env['TOWNLET_TOKEN'];
      await (await import('../telemetry/tail-command.js')).tailCommand(source, {
        ...(opts.json ? { json: true } : {}),
        ...(opts.count !== undefined ? { count: opts.count } : {}),
        ...(token ? { token } : {}),
        noFollow: !opts.follow,
      });
    });
  telemetry
    .command('summarize')
    .description('ticks, payloads, drops, events and KPIs over time of a telemetry file (and its rotated siblings)')
    .argument('<file>', 'telemetry file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      process.stdout.write(`${(await import('../telemetry/summarize-command.js')).summarizeCommand(file, opts)}\n`);
    });

  return program;
}

/** The options `run` and `capture` share. */
function withRunOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--ticks <n>', 'ticks to simulate (default: run.ticks of the config)').argParser(intOption(1)),
    )
    .addOption(new Option('--tick-limit <n>', 'same as --ticks').argParser(intOption(1)))
    .addOption(new Option('--agents <n>', 'override population.count').argParser(intOption(0, 1_000_000)))
    .addOption(new Option('--seed <s>', 'override seed').argParser(intOption(0)))
    .option('--summary-json <path>', 'also write the summary as JSON')
    .option('--quiet', 'print nothing (errors still go to stderr)')
    .option('--profile', 'time each system and add the table to the summary')
    .option('--tensors', 'build observations, masks and rewards every tick; the summary gains tensor_hash')
    .addOption(
      new Option('--workers <n>', 'worker threads for the tensor rows (default: workers.threads)').argParser(
        intOption(0, 64),
      ),
    )
    .addOption(new Option('--hash-every <n>', 'print the world hash every n ticks').argParser(intOption(1)));
}

/** Runs the CLI and returns the exit code (0 ok, 2 bad input or usage, 1 internal error). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ExitWith) return err.code;
    if (err instanceof CommanderError) {
      // --help and --version exit 0; a missing command, unknown option or bad value is a usage error.
      return err.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (err instanceof InputError) {
      process.stderr.write(`error: ${err.message.split('\n').join('\nerror: ')}\n`);
      return EXIT_BAD_INPUT;
    }
    const detail = process.env['TOWNLET_DEBUG'] ? (err as Error).stack : (err as Error).message;
    process.stderr.write(`internal error: ${detail}\n(set TOWNLET_DEBUG=1 for a stack trace)\n`);
    return EXIT_INTERNAL;
  }
}
