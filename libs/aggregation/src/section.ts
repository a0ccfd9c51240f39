export type SectionOutcome<T> = { ok: true; value: T } | { ok: false; reason: unknown };

export const DEADLINE_MISSED = new Error('section missed the screen deadline');

/**
 * Runs one non-critical section of a screen. It never rejects: a failure or a missed deadline
 * becomes an outcome the mapper renders as an empty, degraded section.
 */
export function loadSection<T>(
  load: () => Promise<T>,
  deadlineExpiry: Promise<void>,
): Promise<SectionOutcome<T>> {
  const loaded = load().then(
    (value): SectionOutcome<T> => ({ ok: true, value }),
    (reason: unknown): SectionOutcome<T> => ({ ok: false, reason }),
  );
  const missed = deadlineExpiry.then((): SectionOutcome<T> => ({
    ok: false,
    reason: DEADLINE_MISSED,
  }));
  return Promise.race([loaded, missed]);
}
