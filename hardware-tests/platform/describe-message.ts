/** One readable line per message a terminal publishes, for the platform simulator. */
const time = () => new Date().toISOString().slice(11, 19);

function brief(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${key}=${typeof item === 'string' ? item : JSON.stringify(item)}`)
    .join(' ');
}

export function describeMessage(root: string, topic: string, payload: Buffer): string | null {
  if (!topic.startsWith(`${root}/`)) return null;
  const [site, terminal, kind, ...rest] = topic.slice(root.length + 1).split('/');
  const who = `${time()} ${site}/${terminal}`;
  const text = payload.toString('utf8');
  if (text === '') return kind === 'alerts' ? `${who} alert ${rest.join('/')} cleared` : null;

  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${who} ${kind} (not JSON) ${text.slice(0, 80)}`;
  }
  switch (kind) {
    case 'status':
      return `${who} status ${String(body['state'])} birth=${String(body['birth'])}` +
        (body['reason'] ? ` (${String(body['reason'])})` : '');
    case 'birth':
      return `${who} birth #${String(body['birth'])} version=${String(body['version'])} ` +
        `role=${String(body['role'])} data=${JSON.stringify(body['data'])}`;
    case 'health': {
      const outbox = body['outbox'] as { depth: number } | undefined;
      return `${who} health up=${String(body['uptimeSeconds'])}s outbox=${outbox?.depth} ` +
        `rtt=${String(body['roundTripMs'])}ms`;
    }
    case 'events':
      return `${who} event #${String(body['seq'])}${body['replayed'] ? ' (replayed)' : ''} ` +
        `${String(body['type'])} ${brief(body['data'])}`;
    case 'alerts':
      return `${who} alert ${String(body['severity'])} ${String(body['id'])}: ` +
        String(body['text']);
    case 'result': {
      const outcome = body['ok'] ? `ok ${JSON.stringify(body['data'])}` :
        `error ${JSON.stringify(body['error'])}`;
      return `${who} result ${String(body['requestId'])} ${String(body['command'])} ${outcome}`;
    }
    default:
      return null;
  }
}
