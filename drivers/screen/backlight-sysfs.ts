/**
 * The real backlight: a backlight class device under /sys/class/backlight/<device>/.
 *
 * Values are decimal integers as the kernel parses them. Files are opened without
 * O_CREAT, so a missing attribute is an error instead of a stray file, and with
 * O_TRUNC, which sysfs ignores and a test folder needs.
 */
import { constants } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DeviceLostError,
  DriverError,
  ProtocolError,
  errorMessage,
  isErrno,
} from '../core/errors.js';
import { BacklightMissingError } from './errors.js';
import type { BacklightInfo, BacklightPort } from './ports.js';

export interface SysfsBacklightOptions {
  root: string;
  device?: string;
  /** Screen name for errors and logs. */
  label: string;
}

const GONE = ['ENOENT', 'ENODEV', 'ENXIO'];

export class SysfsBacklight implements BacklightPort {
  #dir: string | null = null;

  constructor(private readonly options: SysfsBacklightOptions) {}

  async open(): Promise<BacklightInfo> {
    const device = this.options.device ?? (await this.#firstDevice());
    const dir = join(this.options.root, device);
    try {
      await stat(dir);
    } catch (error) {
      const detail = `backlight '${device}' not found at ${dir}`;
      throw new BacklightMissingError(this.options.label, detail, { cause: error });
    }

    this.#dir = dir;
    const maxBrightness = await this.#readInt('max_brightness');
    if (maxBrightness < 1) {
      const detail = `${join(dir, 'max_brightness')} holds ${maxBrightness}, expected ≥ 1`;
      throw new ProtocolError(this.options.label, detail);
    }
    return { device, path: dir, maxBrightness };
  }

  setBrightness(level: number): Promise<void> {
    return this.#writeInt('brightness', level);
  }

  setPower(on: boolean): Promise<void> {
    return this.#writeInt('bl_power', on ? 0 : 4);
  }

  readActual(): Promise<number> {
    return this.#readInt('actual_brightness');
  }

  async close(): Promise<void> {
    this.#dir = null;
  }

  async #firstDevice(): Promise<string> {
    const { root, label } = this.options;
    let names: string[];
    try {
      names = (await readdir(root)).sort();
    } catch (error) {
      throw new BacklightMissingError(label, `cannot list backlights in ${root}`, { cause: error });
    }
    const first = names[0];
    if (first === undefined) {
      throw new BacklightMissingError(label, `no backlight device in ${root}`);
    }
    return first;
  }

  #path(file: string): string {
    const { label } = this.options;
    if (this.#dir === null) throw new DriverError('closed', `${label}: backlight is closed`, label);
    return join(this.#dir, file);
  }

  async #readInt(file: string): Promise<number> {
    const path = this.#path(file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw this.#ioError(`reading ${path}`, error);
    }
    const trimmed = text.trim();
    if (!/^\d{1,10}$/.test(trimmed)) {
      const shown = JSON.stringify(trimmed.slice(0, 20));
      throw new ProtocolError(this.options.label, `${path} holds ${shown}, not an integer`);
    }
    return Number(trimmed);
  }

  async #writeInt(file: string, value: number): Promise<void> {
    const path = this.#path(file);
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_TRUNC);
      try {
        await handle.write(`${Math.round(value)}\n`);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw this.#ioError(`writing ${Math.round(value)} to ${path}`, error);
    }
  }

  #ioError(what: string, error: unknown): DriverError {
    const { label } = this.options;
    const reason = errorMessage(error);
    if (GONE.some((code) => isErrno(error, code))) {
      const detail = `backlight gone: ${what} failed (${reason})`;
      return new DeviceLostError(label, detail, { cause: error });
    }
    const hint = isErrno(error, 'EACCES')
      ? '; give the service user write access to brightness and bl_power (udev rule)'
      : '';
    const message = `${label}: ${what} failed: ${reason}${hint}`;
    return new DriverError('backlight-io', message, label, { cause: error });
  }
}
