import cliProgress from 'cli-progress';

/** A progress bar on stderr when it is a terminal; a no-op otherwise (CI, pipes). */
export interface Progress {
  start(total: number): void;
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * Creates a progress bar that only draws on an interactive terminal.
 *
 * @example
 * const progress = createProgress('probes'); progress.start(100); progress.update(10); progress.stop();
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { start() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta}s`, stream, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    start(total) {
      bar.start(total, 0);
      started = true;
    },
    update(done, total) {
      if (!started) return;
      if (total !== undefined) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
