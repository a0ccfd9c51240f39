/** One optional part of a screen: what to show, and whether its source failed. */
export interface Section<T> {
  readonly value: T;
  /** The source failed (or missed the deadline): listed in `meta.degradedSections`. */
  readonly failed: boolean;
}

export const complete = <T>(value: T): Section<T> => ({ value, failed: false });

/**
 * Loads one non-critical section. It never rejects: a failure (a cancelled call at the deadline
 * included) becomes the empty value, marked failed. Loads are bounded by the screen's signal, so
 * no race against a timer is needed here.
 */
export async function loadSection<T>(
  load: () => Promise<Section<T>>,
  empty: T,
): Promise<Section<T>> {
  try {
    return await load();
  } catch {
    return { value: empty, failed: true };
  }
}

/** The names of the failed sections, in the order given. */
export function failedSections<Name extends string>(
  sections: Readonly<Record<Name, Section<unknown>>>,
): Name[] {
  return (Object.keys(sections) as Name[]).filter((name) => sections[name].failed);
}
