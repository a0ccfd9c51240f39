/**
 * What the bench started, stopped in reverse order at the end, on an error and on Ctrl+C, so no
 * BFF, Redis or service double outlives a run.
 */
export class Cleanup {
  private readonly steps: { name: string; stop: () => Promise<void> | void }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, stop: () => Promise<void> | void): void {
    this.steps.push({ name, stop });
  }

  /** Idempotent: a second call (e.g. Ctrl+C during the normal end) waits for the first. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step.stop();
        } catch (error) {
          console.error(
            `stopping ${step.name} failed:`,
            error instanceof Error ? error.message : error,
          );
        }
      }
    })();
    return this.running;
  }

  /** Ctrl+C or a kill: stop everything, then exit with the conventional 128 + signal code. */
  onSignals(): void {
    const stopAndExit = (code: number) => () => {
      console.error('\nInterrupted: stopping everything the bench started…');
      void this.run().finally(() => process.exit(code));
    };
    process.once('SIGINT', stopAndExit(130));
    process.once('SIGTERM', stopAndExit(143));
  }
}

/**
 * A bench script's entry point: parses its flags (nothing runs after --help), runs it with one
 * Cleanup that also answers Ctrl+C, and exits with 0, or 1 after printing why it failed.
 */
export function runScript<Options>(
  name: string,
  parse: (argv: string[]) => Options | undefined,
  run: (options: Options, cleanup: Cleanup) => Promise<void>,
): void {
  const main = async (): Promise<void> => {
    const options = parse(process.argv.slice(2));
    if (!options) return;
    const cleanup = new Cleanup();
    cleanup.onSignals();
    try {
      await run(options, cleanup);
    } finally {
      await cleanup.run();
    }
  };
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(
        `${name} failed:`,
        error instanceof Error ? (error.stack ?? error.message) : error,
      );
      process.exit(1);
    },
  );
}
