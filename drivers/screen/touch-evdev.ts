/**
 * The real touch panel: found in /proc/bus/input/devices, read from /dev/input/eventN.
 *
 * The node is opened non-blocking and watched with epoll (the package onoff uses), so
 * no thread sits blocked in read(): closing is immediate and a reopen never piles up
 * stuck reads. An unplugged panel answers ENODEV; a pipe standing in for one reaches
 * end of file. Either ends this open with `lost`.
 */
import { closeSync, constants, open as openCallback, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Epoll } from 'epoll';
import { DeviceLostError, DriverError, errorMessage, isErrno } from '../core/errors.js';
import { TouchMissingError } from './errors.js';
import { eventNode, isTouchscreen, parseInputDevices, pickTouchscreen } from './input-devices.js';
import type { TouchInfo, TouchPort, TouchSink } from './ports.js';

const openFd = promisify(openCallback);

export interface EvdevTouchOptions {
  devicesPath: string;
  inputDir: string;
  deviceName?: string;
  /** Screen name for errors and logs. */
  label: string;
}

/** Divisible by both record sizes, so a full read never splits a record. */
const READ_BYTES = 3840;
/** Reads per wake-up before yielding; level-triggered epoll calls again if more is left. */
const READS_PER_WAKE = 32;

async function loadEpoll(label: string): Promise<typeof Epoll> {
  try {
    return (await import('epoll')).default.Epoll;
  } catch (error) {
    const reason = errorMessage(error);
    const detail = `touch back-end unavailable: the epoll package did not load (${reason})`;
    throw new DriverError('touch-unavailable', `${label}: ${detail}`, label, { cause: error });
  }
}

export class EvdevTouch implements TouchPort {
  #fd: number | null = null;
  #poller: Epoll | null = null;
  #sink: TouchSink | null = null;
  #eventPath = '';
  readonly #buffer = Buffer.alloc(READ_BYTES);

  constructor(private readonly options: EvdevTouchOptions) {}

  async open(sink: TouchSink): Promise<TouchInfo> {
    const { label } = this.options;
    const { name, eventPath } = await this.#find();
    const EpollClass = await loadEpoll(label);
    this.#eventPath = eventPath;
    this.#fd = await this.#openNode(eventPath);
    this.#sink = sink;
    this.#poller = new EpollClass((error) => this.#guarded(error));
    try {
      this.#poller.add(this.#fd, EpollClass.EPOLLIN);
    } catch (error) {
      // epoll refuses regular files: the path is not an input device node.
      const detail = `cannot watch ${eventPath} (${errorMessage(error)}); is it an event device?`;
      throw new DriverError('touch-unwatchable', `${label}: ${detail}`, label, { cause: error });
    }
    return { name, eventPath };
  }

  async close(): Promise<void> {
    this.#sink = null;
    this.#unwatch();
    if (this.#fd !== null) {
      const fd = this.#fd;
      this.#fd = null;
      try {
        closeSync(fd);
      } catch {
        // Already closed by the kernel side going away; nothing left to release.
      }
    }
  }

  async #find(): Promise<TouchInfo> {
    const { devicesPath, inputDir, deviceName, label } = this.options;
    let text: string;
    try {
      text = await readFile(devicesPath, 'utf8');
    } catch (error) {
      throw new TouchMissingError(label, `cannot read ${devicesPath}`, { cause: error });
    }

    const entries = parseInputDevices(text);
    const entry = pickTouchscreen(entries, deviceName);
    if (!entry) {
      const seen = entries.map((item) => `"${item.name}"${isTouchscreen(item) ? ' (touch)' : ''}`);
      const wanted =
        deviceName === undefined ? 'no touchscreen' : `no device named "${deviceName}"`;
      const listed = seen.length > 0 ? seen.join(', ') : 'none';
      throw new TouchMissingError(label, `${wanted} in ${devicesPath}; listed: ${listed}`);
    }

    const node = eventNode(entry);
    if (node === null) {
      const detail = `"${entry.name}" in ${devicesPath} has no eventN handler`;
      throw new TouchMissingError(label, detail);
    }
    return { name: entry.name, eventPath: join(inputDir, node) };
  }

  async #openNode(eventPath: string): Promise<number> {
    const { label } = this.options;
    try {
      return await openFd(eventPath, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      if (isErrno(error, 'EACCES') || isErrno(error, 'EPERM')) {
        const detail = `no permission to read ${eventPath}; add the service user to group 'input'`;
        throw new DriverError('touch-permission', `${label}: ${detail}`, label, { cause: error });
      }
      throw new TouchMissingError(label, `cannot open ${eventPath} (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }

  /** This runs from a native callback: anything thrown here would end the process. */
  #guarded(error: Error | null): void {
    try {
      this.#onReadable(error);
    } catch (thrown) {
      const detail = `handling input from ${this.#eventPath} failed: ${errorMessage(thrown)}`;
      const { label } = this.options;
      this.#fail(new DriverError('touch-failed', `${label}: ${detail}`, label, { cause: thrown }));
    }
  }

  #onReadable(error: Error | null): void {
    const fd = this.#fd;
    if (fd === null || this.#sink === null) return;
    if (error) {
      this.#fail(new DeviceLostError(this.options.label, `watching ${this.#eventPath} failed`, {
        cause: error,
      }));
      return;
    }

    for (let reads = 0; reads < READS_PER_WAKE && this.#sink; reads += 1) {
      let count: number;
      try {
        count = readSync(fd, this.#buffer, 0, READ_BYTES, null);
      } catch (readError) {
        if (isErrno(readError, 'EAGAIN')) return;
        const detail = `reading ${this.#eventPath} failed (${errorMessage(readError)})`;
        this.#fail(new DeviceLostError(this.options.label, detail, { cause: readError }));
        return;
      }
      if (count === 0) {
        const detail = `${this.#eventPath} reached end of file`;
        this.#fail(new DeviceLostError(this.options.label, detail));
        return;
      }
      this.#sink.data(Buffer.from(this.#buffer.subarray(0, count)));
    }
  }

  /** Stops watching at once: a hung-up node would otherwise wake epoll without end. */
  #fail(error: DriverError): void {
    const sink = this.#sink;
    this.#sink = null;
    this.#unwatch();
    sink?.lost(error);
  }

  #unwatch(): void {
    const poller = this.#poller;
    this.#poller = null;
    if (!poller) return;
    try {
      poller.close();
    } catch {
      // close() removes every fd it holds; it throws only when called twice.
    }
  }
}
