/**
 * Claims GPIO pins with the real back-end and holds them until killed: the "crashed
 * run" of the adoption test. Usage: hold-pins.ts '<pins as JSON>'. Prints "ready".
 */
import { createLogger } from '../../drivers/core/logger.js';
import { createGpio, type PinConfig } from '../../drivers/gpio/index.js';

const pins = JSON.parse(process.argv[2] ?? '{}') as Record<string, PinConfig>;
const logger = createLogger('hold-pins', { level: 'warn' });
const device = createGpio({ name: 'crashing-run', backend: 'real', logger, pins });
await device.start();
console.log(device.health().state);
setInterval(() => {}, 60_000);
