/**
 * Enrolling a finger from several touches, and moving templates in and out.
 *
 * The R30x family has two char buffers: the first touch goes to buffer 1, every further
 * touch to buffer 2 and is merged into the model (RegModel), which the module keeps in
 * both buffers. The model is then stored at the requested library slot. Between two
 * touches the finger must be lifted, so one long press does not count twice.
 */
import { DriverError } from '../core/errors.js';
import type { ModuleCommands } from './commands.js';
import { InvalidRequestError } from './errors.js';

export interface EnrolSteps {
  captures: number;
  touchTimeoutMs: number;
  pollIntervalMs: number;
  capacity: number;
  /** Told before each touch is awaited (1-based), so a UI can prompt. */
  onPrompt?: (touch: number, of: number) => void;
}

/** The person did not touch (or lift) in time. */
export class TouchTimeoutError extends DriverError {
  constructor(device: string, what: string, timeoutMs: number) {
    super('no-touch', `fingerprint module at ${device}: no ${what} within ${timeoutMs} ms`, device);
  }
}

export async function enrolFinger(
  commands: ModuleCommands,
  templateId: number,
  steps: EnrolSteps,
): Promise<void> {
  const device = commands.link.device;
  if (!Number.isInteger(templateId) || templateId < 0 || templateId >= steps.capacity) {
    const detail = `template id ${templateId} is outside 0 … ${steps.capacity - 1}`;
    throw new InvalidRequestError(device, detail);
  }
  if (!Number.isInteger(steps.captures) || steps.captures < 2) {
    const detail = `enrolment needs at least 2 captures, got ${steps.captures}`;
    throw new InvalidRequestError(device, detail);
  }

  for (let touch = 1; touch <= steps.captures; touch += 1) {
    await waitFor(commands, 'no-finger', 'lifted finger', steps);
    steps.onPrompt?.(touch, steps.captures);
    await waitFor(commands, 'image', 'touch', steps);
    await commands.imageToFeatures(touch === 1 ? 1 : 2);
    if (touch > 1) await commands.mergeFeatures();
  }
  await commands.store(1, templateId);
}

export async function exportTemplate(
  commands: ModuleCommands,
  templateId: number,
  timeoutMs: number,
): Promise<Buffer> {
  await commands.load(1, templateId);
  return commands.uploadTemplate(1, timeoutMs);
}

export async function importTemplate(
  commands: ModuleCommands,
  templateId: number,
  bytes: Buffer,
  packetSize: number,
): Promise<void> {
  await commands.downloadTemplate(1, bytes, packetSize);
  await commands.store(1, templateId);
}

async function waitFor(
  commands: ModuleCommands,
  wanted: 'image' | 'no-finger',
  what: string,
  steps: EnrolSteps,
): Promise<void> {
  const deadline = Date.now() + steps.touchTimeoutMs;
  for (;;) {
    if ((await commands.captureImage()) === wanted) return;
    if (Date.now() >= deadline) {
      throw new TouchTimeoutError(commands.link.device, what, steps.touchTimeoutMs);
    }
    await new Promise((resolve) => setTimeout(resolve, steps.pollIntervalMs));
  }
}
