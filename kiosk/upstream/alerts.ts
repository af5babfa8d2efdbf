/**
 * Alerts: retained on `…/alerts/<id>` until cleared by an empty retained message. The link
 * keeps the latest value of each and publishes it again on every connect, so an alert
 * raised offline, or lost by a broker restart without persistence, still reaches the
 * platform. An alert is state; features record an event as well when history matters.
 */
import type { Logger } from '../../drivers/core/logger.js';
import type { UpstreamLink } from './link.js';
import { assertMessage } from './protocol-schemas.js';

export interface AlertInput {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  text: string;
  data?: object;
}

export interface AlertMessage extends AlertInput {
  raisedAt: string;
}

export class Alerts {
  readonly #raised = new Map<string, AlertMessage>();

  constructor(
    private readonly link: UpstreamLink,
    private readonly logger: Logger,
  ) {}

  /** Raises (or updates) an alert; resolves once the broker has it, or at once offline. */
  async raise(alert: AlertInput): Promise<void> {
    const message: AlertMessage = { ...alert, raisedAt: new Date().toISOString() };
    const known = this.#raised.get(alert.id);
    // Raising the same alert again keeps its first time, so the platform sees one alert.
    if (known && sameAlert(known, alert)) return;
    if (known) message.raisedAt = known.raisedAt;
    assertMessage('alert', message, `alert ${alert.id}`);

    this.#raised.set(alert.id, message);
    this.logger.warn('alert raised', { id: alert.id, kind: alert.kind, severity: alert.severity });
    await this.link.publishRetained(`alerts/${alert.id}`, message);
  }

  async clear(id: string): Promise<void> {
    this.#raised.delete(id);
    this.logger.info('alert cleared', { id });
    await this.link.clearRetained(`alerts/${id}`);
  }

  active(): AlertMessage[] {
    return [...this.#raised.values()];
  }
}

function sameAlert(known: AlertMessage, alert: AlertInput): boolean {
  const { raisedAt: _raisedAt, ...rest } = known;
  return JSON.stringify(rest) === JSON.stringify(alert);
}
