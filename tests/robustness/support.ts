/**
 * Shared ground for the robustness tests: a cell terminal with many people on duty (so a
 * burst of check-ins is possible), the notices the screen was shown, and what the outbox
 * holds on disk after the kiosk has gone.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../drivers/core/logger.js';
import { Outbox } from '../../kiosk/upstream/outbox.js';
import { makeTerminal, type TerminalFixture } from '../support/fixtures.js';

export interface CrowdTerminal extends TerminalFixture {
  /** Person id → the template id of their finger. */
  templates: Map<string, number>;
  localDataFile: string;
}

/** A terminal whose open shift has `count` people on duty, templates 101, 102, …. */
export function makeCrowdTerminal(options: {
  count: number;
  brokerUrl?: string | null;
  serialPort?: string | null;
}): CrowdTerminal {
  const terminal = makeTerminal({
    brokerUrl: options.brokerUrl ?? null,
    serialPort: options.serialPort ?? null,
  });
  const localDataFile = join(terminal.dir, 'local-data.json');
  const data = JSON.parse(readFileSync(localDataFile, 'utf8'));

  const templates = new Map<string, number>();
  const people = Array.from({ length: options.count }, (_, index) => {
    const id = `p-${3000 + index}`;
    templates.set(id, 101 + index);
    return { id, displayName: `Person ${index + 1}`, templateIds: [101 + index] };
  });
  data.roster.people = people;
  data.schedule.shifts[0].personIds = people.map((person) => person.id);
  writeFileSync(localDataFile, JSON.stringify(data, null, 2));
  return { ...terminal, templates, localDataFile };
}

export interface NoticeWatch {
  notices: { kind: string; personName?: string }[];
  close(): void;
}

/** Follows the UI's event stream and keeps every notice the screen was given. */
export function watchNotices(url: string): Promise<NoticeWatch> {
  return new Promise((resolve, reject) => {
    const notices: NoticeWatch['notices'] = [];
    const req = request(`${url}/api/stream`, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const frames = buffer.split('\n\n');
        buffer = frames.pop() ?? '';
        for (const frame of frames) {
          if (!frame.startsWith('event: notice\n')) continue;
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) notices.push(JSON.parse(data.slice(6)) as NoticeWatch['notices'][number]);
        }
      });
      res.on('error', () => undefined);
      resolve({ notices, close: () => req.destroy() });
    });
    req.on('error', (error) => (notices.length === 0 ? reject(error) : undefined));
    req.end();
  });
}

/** Places a simulated finger through the local API, as the demo panel does. */
export async function simFinger(url: string, templateId: number): Promise<number> {
  const response = await fetch(`${url}/api/sim/finger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ templateId }),
  });
  await response.arrayBuffer();
  return response.status;
}

export interface StoredEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** Opens the outbox of a stopped kiosk and lists the events still waiting in it. */
export async function outboxEvents(dataDir: string): Promise<StoredEvent[]> {
  const outbox = await Outbox.open({ dir: join(dataDir, 'outbox'), logger: createMemoryLogger() });
  try {
    const payloads = outbox.pending().map((entry) => entry.payload.toString('utf8'));
    return payloads.map((payload) => JSON.parse(payload) as StoredEvent);
  } finally {
    await outbox.close();
  }
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
