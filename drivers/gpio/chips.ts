/**
 * Finds GPIO chips in a sysfs tree and turns (chip label, line) into the sysfs number.
 *
 * The number of a header pin is not fixed: older kernels put the Pi header chip at base
 * 0, newer ones at 512 (pinctrl-bcm2711) or 571 (pinctrl-rp1). Reading base from
 * gpiochipN/base at every start is what keeps a configuration valid across kernels.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { GpioError, PinResolveError } from './errors.js';
import type { ChipInfo, PinConfig, ResolvedPin } from './types.js';

/** Where sysfs shows GPIO; onoff works nowhere else, other roots serve tests and tools. */
export const DEFAULT_SYSFS_ROOT = '/sys/class/gpio';

// Attribute files are a few bytes; anything longer is not sysfs talking.
const MAX_ATTRIBUTE_BYTES = 256;

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_ATTRIBUTE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readAttribute(file: string, pattern: RegExp, device: string): Promise<string> {
  const raw = await readHead(file);
  const text = raw.length > MAX_ATTRIBUTE_BYTES ? raw : raw.replace(/\n$/, '');
  if (!pattern.test(text)) {
    const shown = JSON.stringify(text.slice(0, 40)) + (text.length > 40 ? '…' : '');
    const detail = `${file} holds ${shown}, not a valid value`;
    throw new GpioError('chip-unreadable', device, null, detail);
  }
  return text;
}

async function readChip(dir: string, device: string): Promise<ChipInfo> {
  try {
    return {
      label: await readAttribute(join(dir, 'label'), /^[\x21-\x7e][\x20-\x7e]{0,63}$/, device),
      base: Number(await readAttribute(join(dir, 'base'), /^\d{1,7}$/, device)),
      ngpio: Number(await readAttribute(join(dir, 'ngpio'), /^\d{1,5}$/, device)),
    };
  } catch (error) {
    if (error instanceof GpioError) throw error;
    const detail = `cannot read ${dir}: ${errorMessage(error)}`;
    throw new GpioError('chip-unreadable', device, null, detail, { cause: error });
  }
}

/** Lists the chips under `root`, laid out as root/gpiochipN/{label,base,ngpio}. */
export async function readChips(device: string, root = DEFAULT_SYSFS_ROOT): Promise<ChipInfo[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    const hint = 'the kernel needs CONFIG_GPIO_SYSFS';
    const detail = `cannot list ${root} (${hint}): ${errorMessage(error)}`;
    throw new GpioError('no-sysfs-gpio', device, null, detail, { cause: error });
  }

  const chips: ChipInfo[] = [];
  for (const name of names.filter((entry) => /^gpiochip\d+$/.test(entry)).sort()) {
    chips.push(await readChip(join(root, name), device));
  }
  return chips;
}

function describe(chips: ChipInfo[]): string {
  if (chips.length === 0) return 'no chips at all';
  const each = chips.map((chip) => `${chip.label} at base ${chip.base} with ${chip.ngpio} lines`);
  return each.join(', ');
}

/** Maps every pin to its sysfs number (base + line); throws PinResolveError otherwise. */
export function resolvePins(
  chips: ChipInfo[],
  pins: Map<string, Required<PinConfig>>,
  device: string,
): ResolvedPin[] {
  return [...pins].map(([name, config]) => {
    const fail = (detail: string) => new PinResolveError(device, name, detail);
    const matches = chips.filter((chip) => chip.label === config.chip);
    if (matches.length === 0) {
      throw fail(`wants chip '${config.chip}', but the board has ${describe(chips)}`);
    }
    if (matches.length > 1) {
      const bases = matches.map((chip) => chip.base).join(' and ');
      throw fail(`chip label '${config.chip}' is ambiguous (bases ${bases})`);
    }

    const chip = matches[0]!;
    if (config.line >= chip.ngpio) {
      throw fail(`line ${config.line} is outside ${chip.label}, which has ${chip.ngpio} lines`);
    }
    return { name, config, gpio: chip.base + config.line };
  });
}
