/**
 * Turns evdev records from a touchscreen into touch frames.
 *
 * The kernel sends changes only, grouped into frames closed by SYN_REPORT. A frame with
 * any touch activity counts as the person using the screen; a frame that puts a finger
 * down (BTN_TOUCH 1 or a new multi-touch tracking id) is a touch. SYN_DROPPED means the
 * kernel buffer overflowed: the rest of that frame is unreliable and is skipped up to
 * the next SYN_REPORT, as the evdev documentation asks.
 */
import {
  ABS_MT_POSITION_X,
  ABS_MT_POSITION_Y,
  ABS_MT_TRACKING_ID,
  ABS_X,
  ABS_Y,
  BTN_TOUCH,
  EV_ABS,
  EV_KEY,
  EV_MAX,
  EV_SYN,
  SYN_DROPPED,
  SYN_REPORT,
  type InputEvent,
} from './input-event.js';

export interface TouchFrame {
  /** A finger went down in this frame (not just moved or lifted). */
  contactStarted: boolean;
  /** Last known position in panel units, null until the panel reported one. */
  x: number | null;
  y: number | null;
}

export interface TouchStats {
  records: number;
  frames: number;
  /** Records whose type is not an evdev type at all. */
  unknownRecords: number;
  /** Frames thrown away after SYN_DROPPED. */
  droppedFrames: number;
}

/** A panel that never sends SYN_REPORT still gets its activity noticed after this many. */
const MAX_RECORDS_PER_FRAME = 256;

export class TouchTracker {
  readonly stats: TouchStats = { records: 0, frames: 0, unknownRecords: 0, droppedFrames: 0 };
  #active = false;
  #started = false;
  #inFrame = 0;
  #skipping = false;
  #x: number | null = null;
  #y: number | null = null;

  /** Feeds one record; returns a frame when this record closed one that had activity. */
  feed(event: InputEvent): TouchFrame | null {
    this.stats.records += 1;
    if (event.type > EV_MAX) {
      this.stats.unknownRecords += 1;
      return null;
    }

    if (event.type === EV_SYN) return this.#onSyn(event.code);
    if (this.#skipping) return null;

    this.#inFrame += 1;
    if (event.type === EV_KEY && event.code === BTN_TOUCH) this.#onButton(event.value);
    if (event.type === EV_ABS) this.#onAbs(event.code, event.value);
    return this.#inFrame >= MAX_RECORDS_PER_FRAME ? this.#closeFrame() : null;
  }

  #onSyn(code: number): TouchFrame | null {
    if (code === SYN_DROPPED) {
      this.#skipping = true;
      this.#reset();
      this.stats.droppedFrames += 1;
      return null;
    }
    if (code !== SYN_REPORT) return null;
    if (this.#skipping) {
      this.#skipping = false;
      return null;
    }
    return this.#closeFrame();
  }

  #onButton(value: number): void {
    this.#active = true;
    if (value === 1) this.#started = true;
  }

  #onAbs(code: number, value: number): void {
    this.#active = true;
    if (code === ABS_MT_POSITION_X || code === ABS_X) this.#x = value;
    if (code === ABS_MT_POSITION_Y || code === ABS_Y) this.#y = value;
    if (code === ABS_MT_TRACKING_ID && value >= 0) this.#started = true;
  }

  #closeFrame(): TouchFrame | null {
    const frame = this.#active
      ? { contactStarted: this.#started, x: this.#x, y: this.#y }
      : null;
    if (frame) this.stats.frames += 1;
    this.#reset();
    return frame;
  }

  #reset(): void {
    this.#active = false;
    this.#started = false;
    this.#inFrame = 0;
  }
}
