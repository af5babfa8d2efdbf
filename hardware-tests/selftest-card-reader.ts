/**
 * Technician self-test for the card reader: is the PC/SC back-end installed, does pcscd
 * answer, is an identity reader attached, and (when asked) does a card laid on it give
 * a UID. Works on a board and on the PC/SC rig.
 */
import { createCardReader, type CardReaderOptions } from '../drivers/card-reader/index.js';
import { loadPcsclite } from '../drivers/card-reader/pcsclite-loader.js';
import { errorMessage } from '../drivers/core/errors.js';
import { createMemoryLogger } from '../drivers/core/logger.js';

export interface CardReaderCheckOptions extends Omit<CardReaderOptions, 'name'> {
  name?: string;
  /** How long to wait for an identity reader to show up. Default 5000 ms. */
  readerTimeoutMs?: number;
  /** When above 0, also wait this long for a card and read its UID. Default 0. */
  waitForCardMs?: number;
}

export interface CheckStep {
  name: string;
  ok: boolean;
  detail: string;
}

export async function checkCardReader(
  options: CardReaderCheckOptions,
): Promise<{ ok: boolean; steps: CheckStep[] }> {
  const steps: CheckStep[] = [];
  const done = () => ({ ok: steps.every((step) => step.ok), steps });
  const name = options.name ?? 'card-reader';

  if (options.backend === 'real') {
    try {
      await loadPcsclite(name);
      steps.push({ name: 'back-end', ok: true, detail: 'pcsclite loaded' });
    } catch (error) {
      steps.push({ name: 'back-end', ok: false, detail: errorMessage(error) });
      return done();
    }
  } else {
    steps.push({ name: 'back-end', ok: true, detail: 'in-memory simulator' });
  }

  const logger = createMemoryLogger(`selftest:${name}`);
  const driver = createCardReader({
    ...options,
    name,
    logger,
    backoff: { initialMs: 60_000, maxMs: 60_000 },
  });
  const identity = (readers: unknown) =>
    (readers as { name: string; identity: boolean }[]).filter((reader) => reader.identity);

  try {
    let sawReader = false;
    let outcome: CheckStep | null = null;
    // Listen from the start: a card already on the reader is read while the driver opens.
    const offAdded = driver.events.on('reader-added', () => (sawReader = true));
    driver.events.on('card', (event) => {
      outcome ??= { name: 'card', ok: true, detail: `UID ${event.uid} on ${event.reader}` };
    });
    driver.events.on('card-error', (event) => {
      outcome ??= { name: 'card', ok: false, detail: `${event.code}: ${event.message}` };
    });
    await driver.start();
    const health = driver.health();
    const service = health.state === 'ready';
    const down = health.lastError?.message ?? health.state;
    const serviceDetail = service ? 'PC/SC service answered' : down;
    steps.push({ name: 'pcscd', ok: service, detail: serviceDetail });
    if (!service) return done();

    // pcscd lists its readers a moment after the context opens.
    await until(() => sawReader, options.readerTimeoutMs ?? 5000);
    offAdded();
    const all = driver.health().detail.readers as { name: string; identity: boolean }[];
    const listed = all.map((r) => `${r.name}${r.identity ? '' : ' (not for identity)'}`).join(', ');
    steps.push({
      name: 'identity reader',
      ok: identity(all).length > 0,
      detail: listed === '' ? 'no reader attached' : listed,
    });

    const waitMs = options.waitForCardMs ?? 0;
    if (waitMs > 0 && steps.every((step) => step.ok)) {
      await until(() => outcome !== null, waitMs);
      steps.push(outcome ?? { name: 'card', ok: false, detail: `no card within ${waitMs} ms` });
    }
  } finally {
    await driver.stop();
  }
  return done();
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
