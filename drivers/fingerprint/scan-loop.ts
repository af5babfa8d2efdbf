/**
 * The identification loop: poll GenImg while started; on an image run Img2Tz(1) and
 * Search, report the result, then wait until the finger is lifted so one touch gives one
 * result. A module error is reported once per touch and the loop goes on; a lost line or
 * a module that stays silent ends the loop through `onFatal`.
 */
import { DriverError } from '../core/errors.js';
import type { ModuleCommands, SearchResult } from './commands.js';
import { Confirmation } from './constants.js';
import { ModuleError } from './errors.js';

export interface ScanLoopHooks {
  onIdentified(result: SearchResult): void;
  onFault(error: DriverError): void;
  onFatal(error: unknown): void;
  onProgress(): void;
}

/** Silent polls in a row that mean the module is gone rather than busy. */
const TIMEOUTS_BEFORE_LOST = 2;

type Phase = 'idle' | 'await-lift';

export class ScanLoop {
  #running = false;
  #phase: Phase = 'idle';
  #stepPhase: Phase = 'idle';
  #timeoutsInARow = 0;
  /** Code of the error reported last, until a poll succeeds again. */
  #faultRun: string | null = null;
  #wake: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #done: Promise<void> = Promise.resolve();
  /** Set while other work owns the module; the loop parks until it resolves. */
  #hold: Promise<void> | null = null;
  #parked: (() => void) | null = null;
  #exclusiveTail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly commands: ModuleCommands,
    private readonly searchCount: () => number,
    private readonly pollIntervalMs: number,
    private readonly hooks: ScanLoopHooks,
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#loop().finally(() => this.#parked?.());
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#interrupt();
    await this.#done;
  }

  /** Runs `work` while the loop is parked between two polls, then resumes polling. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#exclusiveTail.then(() => this.#runExclusive(work));
    this.#exclusiveTail = run.catch(() => undefined);
    return run;
  }

  async #runExclusive<T>(work: () => Promise<T>): Promise<T> {
    let release!: () => void;
    this.#hold = new Promise((resolve) => (release = resolve));
    const parked = new Promise<void>((resolve) => (this.#parked = resolve));
    this.#interrupt();
    if (this.#running) await parked;

    try {
      return await work();
    } finally {
      // Whatever was on the glass during the work must be lifted before identifying.
      this.#phase = 'await-lift';
      this.#hold = null;
      this.#parked = null;
      release();
    }
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      if (this.#hold) {
        this.#parked?.();
        await this.#hold;
        continue;
      }

      try {
        await this.#step();
        this.#timeoutsInARow = 0;
        this.#faultRun = null;
        this.hooks.onProgress();
      } catch (error) {
        if (!this.#running) return;
        if (!this.#survivable(error)) {
          this.#running = false;
          this.hooks.onFatal(error);
          return;
        }
      }
      if (this.#running && !this.#hold) await this.#sleep();
    }
  }

  async #step(): Promise<void> {
    this.#stepPhase = this.#phase;
    const capture = await this.commands.captureImage();
    if (this.#phase === 'await-lift') {
      if (capture === 'no-finger') this.#phase = 'idle';
      return;
    }
    if (capture === 'no-finger') return;

    // From here on the touch is spent, whatever the module answers next.
    this.#phase = 'await-lift';
    await this.commands.imageToFeatures(1);
    const result = await this.commands.search(1, 0, this.searchCount());
    if (this.#running) this.hooks.onIdentified(result);
  }

  #survivable(error: unknown): boolean {
    if (!(error instanceof DriverError) || error.code === 'lost') return false;
    if (error.code === 'timeout') {
      this.#timeoutsInARow += 1;
      if (this.#timeoutsInARow >= TIMEOUTS_BEFORE_LOST) return false;
    }

    // A bad-image answer on a fresh capture means a finger is there: wait for it to go.
    // Any other error (silence, a garbled reply, a code that says nothing about the
    // glass) leaves the phase alone, so a finger placed meanwhile is still identified.
    if (this.#stepPhase === 'idle' && isBadImage(error)) this.#phase = 'await-lift';

    // One report per run of the same error, so a stuck sensor or a noisy line is one
    // fault and not one per poll.
    if (error.code !== this.#faultRun) {
      this.#faultRun = error.code;
      this.hooks.onFault(error);
    }
    return true;
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, this.pollIntervalMs);
    });
  }

  #interrupt(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#wake?.();
    this.#wake = null;
  }
}

/** Answers that say a finger was on the glass but its image could not be used. */
const BAD_IMAGE: ReadonlySet<number> = new Set([
  Confirmation.imageFail,
  Confirmation.featureDisordered,
  Confirmation.featureTooFew,
  Confirmation.noValidImage,
]);

function isBadImage(error: DriverError): boolean {
  return error instanceof ModuleError && BAD_IMAGE.has(error.confirmation);
}
