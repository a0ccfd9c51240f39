import type { ServiceName } from '@app/config';
import type { DroppedElements } from '../downstream-events';
import type { PayloadReader } from './schema';

/**
 * The elements of a list that match the contract's shape, as the reader keeps them (and `belongs`, when given: another
 * user's data is never shown). Whatever is left out is reported, so a misbehaving service shows
 * up in the metrics instead of silently thinning out screens.
 */
export function keepValid<T>(
  list: readonly unknown[],
  read: PayloadReader<T>,
  report: (dropped: DroppedElements) => void,
  what: { service: ServiceName; element: string; belongs?: (element: T) => boolean },
): T[] {
  const kept: T[] = [];
  let malformed = 0;
  let otherUser = 0;
  for (const raw of list) {
    const element = read(raw);
    if (element === undefined) malformed += 1;
    else if (what.belongs && !what.belongs(element)) otherUser += 1;
    else kept.push(element);
  }
  const { service, element } = what;
  report({ service, element, reason: 'malformed', count: malformed });
  report({ service, element, reason: 'other_user', count: otherUser });
  return kept;
}
