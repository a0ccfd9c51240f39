import type { Readable } from 'node:stream';

export interface LogLine {
  msg: string;
  [field: string]: unknown;
}

/** The JSON lines a process writes (pino's), collected as they come, with a way to await one. */
export class JsonLogLines {
  readonly lines: LogLine[] = [];
  private waiters: Array<() => void> = [];

  constructor(output: Readable) {
    let buffered = '';
    output.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      this.lines.push(...complete.filter(Boolean).map((text) => JSON.parse(text) as LogLine));
      const ready = this.waiters;
      this.waiters = [];
      ready.forEach((resolve) => resolve());
    });
  }

  /** Every line so far that `matches`, once there is at least one. */
  async allWhere(matches: (line: LogLine) => boolean): Promise<LogLine[]> {
    for (;;) {
      const found = this.lines.filter(matches);
      if (found.length > 0) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The first line that `matches`, once there is one. */
  async where(matches: (line: LogLine) => boolean): Promise<LogLine> {
    return (await this.allWhere(matches))[0];
  }
}
