/**
 * Finds GPIO chips in a sysfs tree and turns (chip label, line) into the sysfs number.
 *
 * The number of a header pin is not fixed: older kernels put the Pi header chip at base
 * 0, newer ones at 512 (pinctrl-bcm2711) or 571 (pinctrl-rp1). Reading base from
 * gpiochipN/base at every start is what keeps a configuration valid across kernels.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { GpioError, PinResolveError } from './errors.js';
import type { ChipInfo, PinConfig, ResolvedPin } from './types.js';

async function readNumber(file: string, device: string): Promise<number> {
  const text = (await readFile(file, 'utf8')).trim();
  if (!/^\d+$/.test(text)) {
    throw new GpioError('chip-unreadable', device, null, `${file} holds '${text}', not a number`);
  }
  return Number(text);
}

/** Lists the chips under `root` (default layout /sys/class/gpio/gpiochipN). */
export async function readChips(root: string, device: string): Promise<ChipInfo[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    const hint = 'the kernel needs CONFIG_GPIO_SYSFS and sysfs mounted';
    throw new GpioError('no-sysfs-gpio', device, null, `cannot list ${root} (${hint}): ${errorMessage(error)}`, {
      cause: error,
    });
  }

  const chips: ChipInfo[] = [];
  for (const name of names.filter((entry) => /^gpiochip\d+$/.test(entry)).sort()) {
    const dir = join(root, name);
    try {
      const label = (await readFile(join(dir, 'label'), 'utf8')).trim();
      chips.push({ label, base: await readNumber(join(dir, 'base'), device), ngpio: await readNumber(join(dir, 'ngpio'), device) });
    } catch (error) {
      if (error instanceof GpioError) throw error;
      throw new GpioError('chip-unreadable', device, null, `cannot read ${dir}: ${errorMessage(error)}`, { cause: error });
    }
  }
  return chips;
}

function describe(chips: ChipInfo[]): string {
  if (chips.length === 0) return 'no chips at all';
  return chips.map((chip) => `${chip.label} at base ${chip.base} with ${chip.ngpio} lines`).join(', ');
}

/** Maps every configured pin to its sysfs number; throws PinResolveError for the first that cannot be. */
export function resolvePins(
  chips: ChipInfo[],
  pins: Map<string, Required<PinConfig>>,
  device: string,
): ResolvedPin[] {
  return [...pins].map(([name, config]) => {
    const matches = chips.filter((chip) => chip.label === config.chip);
    if (matches.length === 0) {
      throw new PinResolveError(device, name, `wants chip '${config.chip}', but the board has ${describe(chips)}`);
    }
    if (matches.length > 1) {
      const bases = matches.map((chip) => chip.base).join(' and ');
      throw new PinResolveError(device, name, `chip label '${config.chip}' is ambiguous (bases ${bases})`);
    }
    const chip = matches[0]!;
    if (config.line >= chip.ngpio) {
      throw new PinResolveError(device, name, `line ${config.line} is outside ${chip.label}, which has ${chip.ngpio} lines`);
    }
    return { name, config, gpio: chip.base + config.line };
  });
}
