/**
 * What the screen shows of the link to the platform: online or not, since when, and how
 * many events wait in the outbox. Pushes a new view whenever one of those changes.
 */
import type { UpstreamView } from './api/messages.js';
import type { Outbox } from './upstream/outbox.js';
import type { UpstreamLink } from './upstream/link.js';

export class UpstreamStatus {
  #since: string | null = null;

  constructor(
    private readonly link: UpstreamLink,
    private readonly outbox: Outbox,
    changed: () => void,
  ) {
    const moved = ({ at }: { at: string }) => {
      this.#since = at;
      changed();
    };
    link.events.on('online', moved);
    link.events.on('offline', moved);
    link.events.on('delivered', changed);
    outbox.events.on('appended', changed);
  }

  view(): UpstreamView {
    return { online: this.link.online, pendingEvents: this.outbox.depth, since: this.#since };
  }
}
