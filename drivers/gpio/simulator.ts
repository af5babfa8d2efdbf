/**
 * In-memory GPIO lines that behave like sysfs: export answers EBUSY for a line already
 * exported or held, writing an input answers EPERM, `active_low` inverts the value
 * file, and an input that changes level interrupts its watcher. Tests and the laptop
 * demo drive inputs with `setLevel` (electrical) or `drive` (logical, by pin name).
 */
import type { LineHandlers } from './backend.js';
import type { ExportTarget } from './export.js';
import type { ChipInfo } from './types.js';

export type HeldErrno = 'EBUSY' | 'EPERM' | 'EINVAL';

interface SimLine {
  exported: boolean;
  out: boolean;
  /** Electrical level: true is high. */
  high: boolean;
  activeLow: boolean;
  held: HeldErrno | null;
  name: string | null;
  watcher: LineHandlers | null;
}

export interface SimulatedLineState {
  exported: boolean;
  direction: 'in' | 'out';
  high: boolean;
  activeLow: boolean;
}

interface LineSetup {
  out: boolean;
  activeLow: boolean;
  initial: boolean;
}

export const DEFAULT_SIMULATED_CHIPS: ChipInfo[] = [
  { label: 'pinctrl-bcm2711', base: 512, ngpio: 58 },
];

function errno(code: string, what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${what}`), { code });
}

export class GpioSimulator implements ExportTarget {
  readonly #lines = new Map<number, SimLine>();
  #broken = false;
  readonly #log: string[] = [];

  constructor(readonly chips: ChipInfo[] = DEFAULT_SIMULATED_CHIPS) {}

  /** Sets the electrical level of a line, as a switch or a bouncing contact would. */
  setLevel(gpio: number, high: boolean): void {
    const line = this.#line(gpio);
    if (line.out || line.high === high) return;
    line.high = high;
    const watcher = line.watcher;
    const value = high !== line.activeLow;
    // An interrupt arrives after the stimulus, never inside it.
    if (!line.exported || !watcher) return;
    setImmediate(() => line.watcher === watcher && watcher.onChange(value));
  }

  /** Sets the logical level of a claimed input by its pin name (press, open, tamper). */
  drive(pin: string, value: boolean): void {
    const entry = [...this.#lines].find(([, line]) => line.name === pin && line.exported);
    if (!entry) throw new Error(`no claimed simulated pin named '${pin}'`);
    this.setLevel(entry[0], value !== entry[1].activeLow);
  }

  /** Makes a line look like a crashed run left it exported. */
  leaveExported(gpio: number, direction: 'in' | 'out', high: boolean): void {
    Object.assign(this.#line(gpio), { exported: true, out: direction === 'out', high });
  }

  /** Makes a kernel driver own the line, so export fails with `code`. */
  holdByKernel(gpio: number, code: HeldErrno = 'EBUSY'): void {
    this.#line(gpio).held = code;
  }

  /** What sysfs would show for a line; `high` is what an LED or relay would see. */
  describe(gpio: number): SimulatedLineState {
    const { exported, out, high, activeLow } = this.#line(gpio);
    return { exported, direction: out ? 'out' : 'in', high, activeLow };
  }

  /** Answers given to export and unexport so far, as "export 539 EBUSY". */
  exportLog(): string[] {
    return [...this.#log];
  }

  exported(): number[] {
    const exported = [...this.#lines].filter(([, line]) => line.exported);
    return exported.map(([gpio]) => gpio).sort((a, b) => a - b);
  }

  /** Every later operation fails as on a file system whose server died, until reconnect(). */
  disconnect(): void {
    this.#broken = true;
  }

  reconnect(): void {
    this.#broken = false;
  }

  exportLine(gpio: number): void {
    this.#check();
    const line = this.#line(gpio);
    const valid = this.chips.some((chip) => gpio >= chip.base && gpio < chip.base + chip.ngpio);
    const refusal = !valid ? 'EINVAL' : (line.held ?? (line.exported ? 'EBUSY' : null));
    this.#log.push(`export ${gpio} ${refusal ?? 'ok'}`);
    if (refusal) throw errno(refusal, `export ${gpio}`);
    Object.assign(line, { exported: true, out: false, activeLow: false });
  }

  lineFolderExists(gpio: number): boolean {
    return this.#line(gpio).exported;
  }

  /** Sets direction and polarity; an output starts at its logical `initial` level. */
  configure(gpio: number, name: string, setup: LineSetup): void {
    this.#check();
    const line = this.#claimed(gpio);
    Object.assign(line, { name, out: setup.out, activeLow: setup.activeLow });
    if (setup.out) line.high = setup.initial !== setup.activeLow;
  }

  watch(gpio: number, handlers: LineHandlers | null): void {
    this.#claimed(gpio).watcher = handlers;
  }

  readValue(gpio: number): boolean {
    this.#check();
    const line = this.#claimed(gpio);
    return line.high !== line.activeLow;
  }

  writeValue(gpio: number, value: boolean): void {
    this.#check();
    const line = this.#claimed(gpio);
    if (!line.out) throw errno('EPERM', `write gpio${gpio}/value`);
    line.high = value !== line.activeLow;
  }

  unexport(gpio: number): void {
    this.#check();
    this.#log.push(`unexport ${gpio} ok`);
    Object.assign(this.#claimed(gpio), { exported: false, watcher: null, name: null });
  }

  #check(): void {
    if (this.#broken) throw errno('ENOTCONN', 'simulated GPIO is disconnected');
  }

  #claimed(gpio: number): SimLine {
    const line = this.#line(gpio);
    if (!line.exported) throw errno('ENOENT', `gpio${gpio} is not exported`);
    return line;
  }

  #line(gpio: number): SimLine {
    let line = this.#lines.get(gpio);
    if (!line) {
      line = {
        exported: false,
        out: false,
        high: false,
        activeLow: false,
        held: null,
        name: null,
        watcher: null,
      };
      this.#lines.set(gpio, line);
    }
    return line;
  }
}
