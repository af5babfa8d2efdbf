/**
 * Names roster templates the fingerprint module cannot hold. The roster file allows any
 * 16-bit template id, but a module's library has a fixed size (read from the module when
 * it comes up): a person whose templates all lie past it can never check in by finger,
 * and nothing else would say so. Each problem is logged once per module capacity.
 */
import type { Logger } from '../../drivers/core/logger.js';
import type { FingerprintReader } from '../../drivers/fingerprint/fingerprint.js';
import type { Person } from '../features/duty/model.js';

/** Lines naming each template at or past `capacity`, and whose it is. */
export function templatesOutOfRange(people: readonly Person[], capacity: number): string[] {
  const lines: string[] = [];
  for (const person of people) {
    const outside = person.templateIds.filter((templateId) => templateId >= capacity);
    if (outside.length === 0) continue;

    const usable = person.templateIds.length - outside.length;
    const effect =
      usable === 0 ? 'cannot check in by finger' : `keeps ${usable} usable template(s)`;
    lines.push(
      `roster: template ${outside.join(', ')} of ${person.id} is past the fingerprint ` +
        `module's library (0..${capacity - 1}); ${person.id} ${effect} until re-enrolled`,
    );
  }
  return lines;
}

/** Checks the roster each time the module comes up; returns a function that stops it. */
export function watchTemplateRange(
  reader: FingerprintReader,
  people: () => readonly Person[],
  logger: Logger,
): () => void {
  let checkedFor: number | null = null;

  return reader.events.on('state', ({ state }) => {
    const capacity = reader.health().detail.capacity;
    if (state !== 'ready' || typeof capacity !== 'number' || capacity === checkedFor) return;
    checkedFor = capacity;
    for (const line of templatesOutOfRange(people(), capacity)) logger.error(line);
  });
}
