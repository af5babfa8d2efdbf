/**
 * Technician self-test for the screen: finds the backlight and steps it through dim,
 * blank and back (restoring the level it found), finds the touch panel and opens its
 * event node, and, when asked, waits for a touch. Works on a board or on the rig.
 */
import { errorMessage } from '../drivers/core/errors.js';
import { SysfsBacklight } from '../drivers/screen/backlight-sysfs.js';
import {
  InputEventDecoder,
  nativeRecordSize,
  type RecordSize,
} from '../drivers/screen/input-event.js';
import { TouchTracker } from '../drivers/screen/touch-tracker.js';
import { EvdevTouch } from '../drivers/screen/touch-evdev.js';

export interface ScreenCheckOptions {
  backlight?: { root?: string; device?: string };
  touch?: { devicesPath?: string; inputDir?: string; deviceName?: string; recordSize?: RecordSize };
  /** How long to wait for a touch on the panel; 0 (default) skips that step. */
  touchWaitMs?: number;
  /** Tells the technician what to do (e.g. "touch the screen now"). */
  prompt?: (message: string) => void;
}

export interface CheckStep {
  name: string;
  ok: boolean;
  detail: string;
}

const LABEL = 'screen self-test';

/** Polls a sysfs value a few times: some drivers apply a new level a moment later. */
async function settle(read: () => Promise<number>, want: number): Promise<number> {
  let value = await read();
  for (let tries = 0; tries < 50 && value !== want; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
}

async function checkBacklight(options: ScreenCheckOptions, steps: CheckStep[]): Promise<void> {
  const port = new SysfsBacklight({
    root: options.backlight?.root ?? '/sys/class/backlight',
    device: options.backlight?.device,
    label: LABEL,
  });
  let info;
  try {
    info = await port.open();
  } catch (error) {
    steps.push({ name: 'backlight found', ok: false, detail: errorMessage(error) });
    return;
  }
  steps.push({
    name: 'backlight found',
    ok: true,
    detail: `${info.device} at ${info.path}, max_brightness ${info.maxBrightness}`,
  });

  try {
    const original = await port.readActual();
    const dim = Math.max(1, Math.round(info.maxBrightness / 5));
    await port.setBrightness(dim);
    const seen = await settle(() => port.readActual(), dim);
    steps.push({
      name: 'backlight dims',
      ok: seen === dim,
      detail: `wrote brightness ${dim}, actual_brightness reads ${seen}`,
    });

    await port.setPower(false);
    await port.setPower(true);
    const blanked = 'bl_power 4 then 0 accepted';
    steps.push({ name: 'backlight blanks and returns', ok: true, detail: blanked });

    await port.setBrightness(original);
    steps.push({ name: 'backlight restored', ok: true, detail: `brightness back to ${original}` });
  } catch (error) {
    steps.push({ name: 'backlight responds', ok: false, detail: errorMessage(error) });
  } finally {
    await port.close();
  }
}

async function checkTouch(options: ScreenCheckOptions, steps: CheckStep[]): Promise<void> {
  const port = new EvdevTouch({
    devicesPath: options.touch?.devicesPath ?? '/proc/bus/input/devices',
    inputDir: options.touch?.inputDir ?? '/dev/input',
    deviceName: options.touch?.deviceName,
    label: LABEL,
  });
  const decoder = new InputEventDecoder(options.touch?.recordSize ?? nativeRecordSize());
  const tracker = new TouchTracker();
  let touched: (detail: string) => void = () => undefined;
  const touch = new Promise<string>((resolve) => (touched = resolve));

  try {
    const info = await port.open({
      data: (chunk) => {
        for (const event of decoder.push(chunk)) {
          const frame = tracker.feed(event);
          if (frame?.contactStarted) touched(`touch at (${frame.x}, ${frame.y})`);
        }
      },
      lost: (error) => touched(`panel lost: ${error.message}`),
    });
    const found = `"${info.name}" on ${info.eventPath}`;
    steps.push({ name: 'touch panel found', ok: true, detail: found });

    const waitMs = options.touchWaitMs ?? 0;
    if (waitMs > 0) {
      options.prompt?.(`touch the screen within ${Math.round(waitMs / 1000)} s`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), waitMs);
      });
      const result = await Promise.race([touch, timeout]);
      clearTimeout(timer);
      const ok = result !== null && result.startsWith('touch at');
      steps.push({ name: 'touch seen', ok, detail: result ?? `no touch within ${waitMs} ms` });
    }
  } catch (error) {
    steps.push({ name: 'touch panel found', ok: false, detail: errorMessage(error) });
  } finally {
    await port.close();
  }
}

export async function checkScreen(
  options: ScreenCheckOptions = {},
): Promise<{ ok: boolean; steps: CheckStep[] }> {
  const steps: CheckStep[] = [];
  await checkBacklight(options, steps);
  await checkTouch(options, steps);
  return { ok: steps.every((step) => step.ok), steps };
}
