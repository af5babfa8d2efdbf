/**
 * The MQTT topic tree of one terminal (protocol v1):
 *
 *   kiosk/v1/<site>/<terminalId>/status              retained "online" / "offline" (last will)
 *   kiosk/v1/<site>/<terminalId>/events              every event, one topic so order holds
 *   kiosk/v1/<site>/<terminalId>/alerts/<alertId>    retained alert state
 *   kiosk/v1/<site>/<terminalId>/birth               retained birth message
 *   kiosk/v1/<site>/<terminalId>/health              retained periodic health
 *   kiosk/v1/<site>/<terminalId>/cmd/<name>          commands from the platform
 *   kiosk/v1/<site>/<terminalId>/result/<requestId>  replies to commands
 */
export const PROTOCOL_ROOT = 'kiosk/v1';

/** A site, terminal id or topic segment that cannot be used in a topic. */
export class TopicSegmentError extends Error {
  readonly code = 'bad-topic-segment';

  constructor(
    readonly what: string,
    readonly value: string,
  ) {
    super(
      `${what} ${JSON.stringify(value)} cannot be used in an MQTT topic: ` +
        'use 1-64 letters, digits, "-", "_" or "."',
    );
    this.name = 'TopicSegmentError';
  }
}

const SEGMENT = /^[A-Za-z0-9._-]{1,64}$/;

export function checkSegment(what: string, value: string): string {
  if (!SEGMENT.test(value)) throw new TopicSegmentError(what, value);
  return value;
}

export interface TerminalTopics {
  base: string;
  status: string;
  events: string;
  birth: string;
  health: string;
  /** Subscription filter for every command. */
  commands: string;
  alert(alertId: string): string;
  command(name: string): string;
  result(requestId: string): string;
  /** `base/<subtopic>`, for a subtopic made of valid segments joined by "/". */
  sub(subtopic: string): string;
}

export function terminalTopics(site: string, terminalId: string): TerminalTopics {
  const terminal = checkSegment('terminal id', terminalId);
  const base = `${PROTOCOL_ROOT}/${checkSegment('site', site)}/${terminal}`;

  return {
    base,
    status: `${base}/status`,
    events: `${base}/events`,
    birth: `${base}/birth`,
    health: `${base}/health`,
    commands: `${base}/cmd/+`,
    alert: (alertId) => `${base}/alerts/${checkSegment('alert id', alertId)}`,
    command: (name) => `${base}/cmd/${checkSegment('command name', name)}`,
    result: (requestId) => `${base}/result/${checkSegment('request id', requestId)}`,
    sub: (subtopic) => {
      const parts = subtopic.split('/');
      for (const part of parts) checkSegment('subtopic segment', part);
      return `${base}/${parts.join('/')}`;
    },
  };
}

/** The MQTT client id: stable per terminal, so the broker replaces a stale session. */
export function clientIdFor(site: string, terminalId: string): string {
  return `kiosk-${checkSegment('site', site)}-${checkSegment('terminal id', terminalId)}`;
}
