/**
 * Errors of the screen driver. Each names the path it concerns so an operator can look
 * there; codes are stable for callers and health reports.
 */
import { DriverError } from '../core/errors.js';

/** No backlight device where the options say (code 'backlight-missing'). */
export class BacklightMissingError extends DriverError {
  constructor(device: string, detail: string, options?: { cause?: unknown }) {
    super('backlight-missing', `${device}: ${detail}`, device, options);
  }
}

/** No touchscreen in the input device list, or its event node is gone (code 'touch-missing'). */
export class TouchMissingError extends DriverError {
  constructor(device: string, detail: string, options?: { cause?: unknown }) {
    super('touch-missing', `${device}: ${detail}`, device, options);
  }
}

/** The screen options cannot work; the message says which field and why (code 'config'). */
export class ScreenConfigError extends DriverError {
  constructor(device: string, detail: string) {
    super('config', `screen '${device}': ${detail}`, device);
  }
}
