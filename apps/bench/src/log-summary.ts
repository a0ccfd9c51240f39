import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** pino's numeric level for warnings; errors and worse are above it. */
const WARN = 40;
const ERROR = 50;
const SHOWN_MESSAGES = 3;

/**
 * The BFF's own account of the run: its log lines, warnings and errors, and the most frequent
 * warning/error messages (what went wrong under load that the answers alone do not show).
 */
export async function summarizeLog(file: string): Promise<string> {
  let lines = 0;
  let warnings = 0;
  let errors = 0;
  const messages = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(file) })) {
    lines += 1;
    const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
    if (level < WARN) continue;
    if (level >= ERROR) errors += 1;
    else warnings += 1;
    const message = /"msg":"([^"]{0,160})/.exec(line)?.[1] ?? line.slice(0, 160);
    messages.set(message, (messages.get(message) ?? 0) + 1);
  }
  const top = [...messages.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, SHOWN_MESSAGES)
    .map(([message, count]) => `${count}× "${message}"`);
  const summary = `${lines} log lines, ${warnings} warn, ${errors} error or worse`;
  return top.length > 0 ? `${summary}; most frequent: ${top.join('; ')}` : summary;
}
