import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

type FlagValues<T extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & { help: { type: 'boolean' } } }>
>['values'];

/**
 * A script's flags (`options`, plus --help), or undefined after printing the usage for --help;
 * a bad flag throws with the usage appended.
 */
export function flagsOrUsage<T extends ParseArgsOptionsConfig>(
  usage: string,
  argv: string[],
  options: T,
): FlagValues<T> | undefined {
  let values: FlagValues<T>;
  try {
    values = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } } }).values;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n\n${usage}`, { cause: error });
  }
  if (!(values as { help?: boolean }).help) return values;
  console.log(usage);
  return undefined;
}

/** A whole-number flag of at least 1 (or 0 when `zeroOk`); `fallback` when absent. */
export function positive(
  name: string,
  raw: string | undefined,
  fallback: number,
  zeroOk = false,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (zeroOk ? 0 : 1)) {
    throw new Error(`--${name} must be an integer ≥ ${zeroOk ? 0 : 1}, got ${raw}`);
  }
  return value;
}
