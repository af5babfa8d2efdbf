/**
 * Configuration and local data for end-to-end runs: a cell with three people on duty in
 * a shift whose check-in window is open now, and one person who is not on duty.
 * All names are made up.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PEOPLE = {
  ana: { id: 'p-2001', displayName: '韩雪松', templateIds: [11] },
  ben: { id: 'p-2002', displayName: '蒋立群', templateIds: [12] },
  cai: { id: 'p-2003', displayName: '邓海川', templateIds: [13] },
  dan: { id: 'p-2004', displayName: '蔡明远', templateIds: [14] },
} as const;

export interface TerminalFixture {
  dir: string;
  configFile: string;
  dataDir: string;
}

export function makeTerminal(options: {
  brokerUrl: string | null;
  serialPort: string | null;
  /** Seconds until the check-in window closes (default 600). */
  windowSeconds?: number;
  terminalId?: string;
}): TerminalFixture {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const now = Date.now();
  const iso = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString();
  const windowSeconds = options.windowSeconds ?? 600;

  const localData = {
    roster: { version: 'e2e-roster-1', people: Object.values(PEOPLE) },
    schedule: {
      version: 'e2e-schedule-1',
      shifts: [
        {
          id: 'e2e-shift-1',
          label: 'Day shift',
          start: iso(-60),
          end: iso(8 * 3600),
          checkIn: { opens: iso(-120), closes: iso(windowSeconds) },
          personIds: [PEOPLE.ana.id, PEOPLE.ben.id, PEOPLE.cai.id],
        },
      ],
    },
  };
  writeFileSync(join(dir, 'local-data.json'), JSON.stringify(localData, null, 2));

  const config = {
    terminal: { id: options.terminalId ?? 'e2e-cell-7', site: 'test-site', role: 'cell' },
    hardware: {
      fingerprint: options.serialPort
        ? { backend: 'real', port: options.serialPort }
        : { backend: 'simulated' },
    },
    upstream: {
      broker: options.brokerUrl ? { url: options.brokerUrl } : null,
      keepaliveSeconds: 5,
    },
    dataDir: './data',
    http: { port: 0 },
    localData: './local-data.json',
  };
  const configFile = join(dir, 'kiosk.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { dir, configFile, dataDir: join(dir, 'data') };
}
