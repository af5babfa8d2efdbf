/**
 * Checks GPIO options before anything touches hardware, reporting every problem at once
 * as "path: what is wrong", and fills in the defaults of each pin.
 */
import { GpioConfigError } from './errors.js';
import type { GpioOptions } from './api.js';
import type { PinConfig } from './types.js';

const PIN_KEYS = new Set([
  'chip',
  'line',
  'direction',
  'activeLow',
  'debounceMs',
  'edge',
  'initial',
]);
const NAME = /^[A-Za-z][\w-]{0,63}$/;
const EDGES = ['rising', 'falling', 'both'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function inRange(value: unknown, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
}

function pinProblems(path: string, raw: unknown): string[] {
  if (!isRecord(raw)) return [`${path}: must be an object`];
  const problems: string[] = [];
  const add = (key: string, text: string) => problems.push(`${path}.${key}: ${text}`);

  for (const key of Object.keys(raw)) if (!PIN_KEYS.has(key)) add(key, 'is not a pin setting');
  if (typeof raw.chip !== 'string' || raw.chip.trim() === '') add('chip', 'must be a chip label');
  if (!inRange(raw.line, 511)) {
    add('line', 'must be a line offset inside the chip (0-511), not a global GPIO number');
  }
  if (raw.direction !== 'in' && raw.direction !== 'out') add('direction', "must be 'in' or 'out'");
  for (const key of ['activeLow', 'initial']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean') add(key, 'must be true or false');
  }

  const isInput = raw.direction === 'in';
  const debounce = raw.debounceMs;
  if (debounce !== undefined && !inRange(debounce, 10_000)) {
    add('debounceMs', 'must be an integer from 0 to 10000');
  }
  if (raw.edge !== undefined && !EDGES.includes(raw.edge as string)) {
    add('edge', `must be one of ${EDGES.join(', ')}`);
  }
  if (!isInput && (debounce !== undefined || raw.edge !== undefined)) {
    add('direction', 'debounceMs and edge apply to inputs only');
  }
  if (isInput && raw.initial !== undefined) add('initial', 'applies to outputs only');
  return problems;
}

/** Throws GpioConfigError naming every wrong field; returns the pins with defaults filled in. */
export function checkGpioOptions(options: GpioOptions): Map<string, Required<PinConfig>> {
  const device = typeof options.name === 'string' && options.name !== '' ? options.name : 'gpio';
  const problems: string[] = [];

  if (options.backend !== 'real' && options.backend !== 'simulated') {
    problems.push("backend: must be 'real' or 'simulated'");
  }
  if (!isRecord(options.pins) || Object.keys(options.pins).length === 0) {
    problems.push('pins: must name at least one pin');
  }

  const pins = new Map<string, Required<PinConfig>>();
  const owners = new Map<string, string>();
  for (const [name, raw] of Object.entries(isRecord(options.pins) ? options.pins : {})) {
    const path = `pins.${name}`;
    if (!NAME.test(name)) problems.push(`${path}: a pin name is letters, digits, '-' or '_'`);
    const found = pinProblems(path, raw);
    problems.push(...found);
    if (found.length > 0) continue;

    const pin = raw as PinConfig;
    const wire = `${pin.chip} line ${pin.line}`;
    const owner = owners.get(wire);
    if (owner !== undefined) problems.push(`${path}: ${wire} is already used by pin '${owner}'`);
    owners.set(wire, name);
    pins.set(name, {
      chip: pin.chip,
      line: pin.line,
      direction: pin.direction,
      activeLow: pin.activeLow ?? false,
      debounceMs: pin.debounceMs ?? 0,
      edge: pin.edge ?? 'both',
      initial: pin.initial ?? false,
    });
  }

  if (problems.length > 0) throw new GpioConfigError(device, problems);
  return pins;
}
