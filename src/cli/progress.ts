import cliProgress from 'cli-progress';

/** A progress bar on stderr for long runs; silent when stderr is not a terminal or the run is short. */
export interface Progress {
  update(tick: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/** Shows a bar for runs of at least `minTicks` ticks on an interactive stderr. */
export function createProgress(total: number, enabled: boolean, minTicks = 500): Progress {
  if (!enabled || total < minTicks || !process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'tick {value}/{total} [{bar}] {percentage}% | eta {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  // Redrawing costs far more than a tick: refresh about 200 times per run.
  const every = Math.max(1, Math.floor(total / 200));
  return {
    update(tick) {
      if (tick % every === 0 || tick === total) bar.update(tick);
    },
    stop() {
      bar.stop();
    },
  };
}
