/**
 * Subscribes to `data/<kind>` and `data/<kind>/delta` of each kind on every connection and
 * hands the messages to the data sync.
 */
import type { Logger } from '../../drivers/core/logger.js';
import type { DataSync } from './data-sync.js';
import type { UpstreamLink } from './link.js';

export function subscribeData(link: UpstreamLink, data: DataSync, logger: Logger): () => void {
  const owner = {};
  const prefix = `${link.topics.base}/data/`;

  const subscribe = () => {
    const client = link.client;
    if (!client || data.kinds.length === 0) return;
    client.on('message', (topic, payload) => {
      if (!topic.startsWith(prefix)) return;
      const [kind, extra, ...rest] = topic.slice(prefix.length).split('/');
      if (!kind || rest.length > 0 || (extra !== undefined && extra !== 'delta')) return;
      void data.receive(kind, extra === 'delta', payload);
    });
    const filters = data.kinds.flatMap((kind) => [`${prefix}${kind}`, `${prefix}${kind}/delta`]);
    client.subscribe(filters, { qos: 1 }, (error) => {
      if (error) logger.warn('data subscription failed', { reason: error.message });
    });
  };

  link.events.on('online', subscribe, owner);
  if (link.online) subscribe();
  return () => link.events.removeOwner(owner);
}
