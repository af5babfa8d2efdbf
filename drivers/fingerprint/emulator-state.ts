/**
 * What the emulated module knows, and how each instruction changes it.
 *
 * `execute` takes one command packet's payload and returns the ack payload plus any data
 * the module sends after it. It has no I/O and no timers; emulator.ts does the bytes.
 */
import { Command, Confirmation } from './constants.js';
import { fingerOfTemplate, templateOf } from './emulator-template.js';

export interface EmulatorState {
  address: number;
  password: number;
  passwordVerified: boolean;
  capacity: number;
  packetSize: number;
  baudRate: number;
  /** Library page id → the finger whose template is stored there. */
  enrolled: Map<number, string>;
  /** The finger on the glass; `once` lifts it after one capture. */
  finger: { fingerId: string; once: boolean } | null;
  /**
   * A one-capture finger was taken and the host has not yet seen the empty glass. A new
   * touch waits in `nextTouch` until it has: on a real module two touches always have a
   * lift between them, and a host that waits for the lift must be able to see it.
   */
  liftUnseen: boolean;
  nextTouch: { fingerId: string; once: boolean } | null;
  image: string | null;
  charBuffers: [string | null, string | null];
}

export interface Outcome {
  ack: Buffer;
  /** Bytes the module uploads after the ack (UpChar). */
  upload?: Buffer;
  /** Char buffer that will receive the host's data packets (DownChar). */
  download?: 1 | 2;
}

const ack = (code: number, ...params: Buffer[]): Outcome => ({
  ack: Buffer.concat([Buffer.from([code]), ...params]),
});
const u16 = (value: number): Buffer => Buffer.from([value >> 8, value & 0xff]);
const PACKET_SIZE_CODE: Record<number, number> = { 32: 0, 64: 1, 128: 2, 256: 3 };

/** Match score reported for a finger: stable per finger, in the range real modules give. */
export function scoreOf(fingerId: string): number {
  let hash = 0;
  for (const char of fingerId) hash = (hash * 31 + char.charCodeAt(0)) & 0xffff;
  return 60 + (hash % 140);
}

export function execute(state: EmulatorState, payload: Buffer): Outcome {
  const code = payload[0];
  const params = payload.subarray(1);
  const buffer = params[0];
  const slot = buffer === 1 || buffer === 2 ? buffer - 1 : -1;

  if (code === undefined) return ack(Confirmation.packetError);
  const open = code === Command.VfyPwd || code === Command.Handshake;
  if (!open && state.password !== 0 && !state.passwordVerified) {
    return ack(Confirmation.passwordRequired);
  }

  switch (code) {
    case Command.VfyPwd: {
      if (params.length < 4) return ack(Confirmation.packetError);
      state.passwordVerified = params.readUInt32BE(0) === state.password;
      return ack(state.passwordVerified ? Confirmation.ok : Confirmation.wrongPassword);
    }
    case Command.Handshake:
      return ack(Confirmation.ok);
    case Command.GenImg: {
      if (!state.finger) {
        state.liftUnseen = false;
        state.finger = state.nextTouch;
        state.nextTouch = null;
        return ack(Confirmation.noFinger);
      }
      state.image = state.finger.fingerId;
      if (state.finger.once) {
        state.finger = null;
        state.liftUnseen = true;
      }
      return ack(Confirmation.ok);
    }
    case Command.Img2Tz: {
      if (slot < 0) return ack(Confirmation.packetError);
      if (state.image === null) return ack(Confirmation.noValidImage);
      state.charBuffers[slot] = state.image;
      return ack(Confirmation.ok);
    }
    case Command.Search:
      return search(state, slot, params);
    case Command.RegModel: {
      const [first, second] = state.charBuffers;
      if (first === null || first !== second) return ack(Confirmation.mergeFail);
      return ack(Confirmation.ok);
    }
    case Command.Store:
    case Command.LoadChar:
      return storeOrLoad(state, code, slot, params);
    case Command.UpChar: {
      const finger = slot < 0 ? null : state.charBuffers[slot];
      if (finger == null) return ack(Confirmation.uploadFail);
      return { ...ack(Confirmation.ok), upload: templateOf(finger) };
    }
    case Command.DownChar:
      if (slot < 0) return ack(Confirmation.packetError);
      return { ...ack(Confirmation.ok), download: (slot + 1) as 1 | 2 };
    case Command.DeletChar: {
      if (params.length < 4) return ack(Confirmation.packetError);
      const first = params.readUInt16BE(0);
      const count = params.readUInt16BE(2);
      if (first + count > state.capacity) return ack(0x10);
      for (let id = first; id < first + count; id += 1) state.enrolled.delete(id);
      return ack(Confirmation.ok);
    }
    case Command.Empty:
      state.enrolled.clear();
      return ack(Confirmation.ok);
    case Command.TempleteNum:
      return ack(Confirmation.ok, u16(state.enrolled.size));
    case Command.ReadSysPara:
      return ack(Confirmation.ok, systemParameters(state));
    default:
      return ack(Confirmation.packetError);
  }
}

/** Stores downloaded template bytes into a char buffer. */
export function receiveTemplate(state: EmulatorState, buffer: 1 | 2, bytes: Buffer): void {
  state.charBuffers[buffer - 1] = fingerOfTemplate(bytes);
}

function search(state: EmulatorState, slot: number, params: Buffer): Outcome {
  if (slot < 0 || params.length < 5) return ack(Confirmation.packetError);
  const finger = state.charBuffers[slot];
  const start = params.readUInt16BE(1);
  const count = params.readUInt16BE(3);

  for (const [id, enrolledFinger] of [...state.enrolled].sort(([a], [b]) => a - b)) {
    if (id >= start && id < start + count && finger !== null && enrolledFinger === finger) {
      return ack(Confirmation.ok, u16(id), u16(scoreOf(finger)));
    }
  }
  return ack(Confirmation.noMatch, u16(0), u16(0));
}

function storeOrLoad(state: EmulatorState, code: number, slot: number, params: Buffer): Outcome {
  if (slot < 0 || params.length < 3) return ack(Confirmation.packetError);
  const id = params.readUInt16BE(1);
  if (id >= state.capacity) return ack(Confirmation.badLocation);

  if (code === Command.Store) {
    const finger = state.charBuffers[slot];
    if (finger == null) return ack(Confirmation.templateReadFail);
    state.enrolled.set(id, finger);
    return ack(Confirmation.ok);
  }
  const stored = state.enrolled.get(id);
  if (stored === undefined) return ack(Confirmation.templateReadFail);
  state.charBuffers[slot] = stored;
  return ack(Confirmation.ok);
}

function systemParameters(state: EmulatorState): Buffer {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt16BE(0x0000, 0);
  bytes.writeUInt16BE(0x0000, 2);
  bytes.writeUInt16BE(state.capacity, 4);
  bytes.writeUInt16BE(3, 6);
  bytes.writeUInt32BE(state.address >>> 0, 8);
  bytes.writeUInt16BE(PACKET_SIZE_CODE[state.packetSize] ?? 2, 12);
  bytes.writeUInt16BE(Math.round(state.baudRate / 9600), 14);
  return bytes;
}
