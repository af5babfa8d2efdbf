/**
 * Technician self-test for a fingerprint module: opens the port, checks the password,
 * reads the module's parameters and library count, and makes sure the sensor answers an
 * image capture. With `waitForTouchMs` it also waits for a finger and runs a search.
 * Works against a real board or the socat rig with the emulator.
 */
import type { Logger } from '../drivers/core/logger.js';
import { createLogger } from '../drivers/core/logger.js';
import { errorMessage } from '../drivers/core/errors.js';
import { ModuleCommands } from '../drivers/fingerprint/commands.js';
import { ModuleError } from '../drivers/fingerprint/errors.js';
import { FingerprintLink } from '../drivers/fingerprint/protocol.js';
import { serialTransport } from '../drivers/fingerprint/transports.js';
import type { TransportConnection } from '../drivers/fingerprint/fingerprint.js';

export interface FingerprintCheckOptions {
  /** Serial port of the module, e.g. /dev/ttyAMA0. */
  port: string;
  baudRate?: number;
  password?: number;
  address?: number;
  /** Time allowed per command (default 1000 ms). */
  timeoutMs?: number;
  /** When set, wait this long for a finger and identify it. */
  waitForTouchMs?: number;
  logger?: Logger;
}

export interface CheckStep {
  name: string;
  ok: boolean;
  detail: string;
}

export async function checkFingerprint(
  options: FingerprintCheckOptions,
): Promise<{ ok: boolean; steps: CheckStep[] }> {
  const logger = options.logger ?? createLogger('selftest:fingerprint');
  const steps: CheckStep[] = [];
  const step = async (name: string, work: () => Promise<string>): Promise<boolean> => {
    try {
      steps.push({ name, ok: true, detail: await work() });
      return true;
    } catch (error) {
      steps.push({ name, ok: false, detail: errorMessage(error) });
      return false;
    }
  };

  let connection: TransportConnection | null = null;
  let link: FingerprintLink | null = null;
  const opened = await step('open port', async () => {
    connection = await serialTransport(options.port, options.baudRate, logger).open();
    return `${options.port} open at ${options.baudRate ?? 57_600} baud`;
  });

  if (opened && connection) {
    const open: TransportConnection = connection;
    link = new FingerprintLink(open.stream, {
      device: options.port,
      logger,
      address: options.address,
      timeoutMs: options.timeoutMs,
    });
    await runChecks(new ModuleCommands(link), options, step);
  }

  link?.close();
  await (connection as TransportConnection | null)?.close();
  return { ok: steps.every((s) => s.ok), steps };
}

async function runChecks(
  commands: ModuleCommands,
  options: FingerprintCheckOptions,
  step: (name: string, work: () => Promise<string>) => Promise<boolean>,
): Promise<void> {
  const password = options.password ?? 0;
  const answered = await step('password', async () => {
    if (!(await commands.verifyPassword(password))) {
      throw new Error('the module refused the configured password; check the hardware profile');
    }
    return 'accepted';
  });
  if (!answered) return;

  await step('handshake', async () => {
    try {
      await commands.handshake();
      return 'module ready';
    } catch (error) {
      // Older R30x firmware has no Handshake instruction; VfyPwd already proved the link.
      if (error instanceof ModuleError) return `not supported by this firmware (${error.message})`;
      throw error;
    }
  });
  let capacity = 0;
  await step('system parameters', async () => {
    const p = await commands.readSystemParameters();
    capacity = p.capacity;
    const sizes = `capacity ${p.capacity}, packet ${p.packetSize} bytes`;
    return `${sizes}, security level ${p.securityLevel}`;
  });
  await step('library', async () => `${await commands.templateCount()} template(s) stored`);
  await step('sensor', async () => `image capture answered: ${await commands.captureImage()}`);

  if (options.waitForTouchMs !== undefined) {
    await step('touch and search', async () => {
      const deadline = Date.now() + options.waitForTouchMs!;
      while ((await commands.captureImage()) !== 'image') {
        if (Date.now() > deadline) throw new Error(`no finger within ${options.waitForTouchMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await commands.imageToFeatures(1);
      const result = await commands.search(1, 0, Math.max(capacity, 1));
      if (result.kind === 'no-match') return 'no match';
      return `matched template ${result.templateId} (score ${result.score})`;
    });
  }
}
