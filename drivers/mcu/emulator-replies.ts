/**
 * The emulated board's answers to the host's queries: version, firmware name,
 * capabilities, analog mapping and pin state, byte for byte as the firmware sends them.
 */
export interface BoardModel {
  pins: number;
  firstAnalogPin: number;
  pwmPins: number[];
  firmwareName: string;
  /** Current Firmata mode of each pin. */
  modes: number[];
  /** Level last written to each pin (outputs), or the pull-up state (inputs). */
  outputs: number[];
}

const PROTOCOL_VERSION = [2, 5];
const FIRMWARE_VERSION = [1, 0];

/** Bytes to send back for one host message; empty when the message asks for nothing. */
export function boardReply(model: BoardModel, message: Uint8Array): number[] {
  if (message[0] === 0xf9) return [0xf9, ...PROTOCOL_VERSION];
  if (message[0] !== 0xf0) return [];

  switch (message[1]) {
    case 0x79:
      return sysex(0x79, [...FIRMWARE_VERSION, ...twoBytesEach(model.firmwareName)]);
    case 0x6b:
      return sysex(0x6c, capabilities(model));
    case 0x69:
      return sysex(0x6a, analogMapping(model));
    case 0x6d: {
      const pin = message[2] ?? 0xff;
      if (pin >= model.pins) return [];
      return sysex(0x6e, [pin, model.modes[pin] ?? 0, (model.outputs[pin] ?? 0) & 0x7f]);
    }
    default:
      return [];
  }
}

function sysex(id: number, body: number[]): number[] {
  return [0xf0, id, ...body, 0xf7];
}

function twoBytesEach(text: string): number[] {
  return [...Buffer.from(text, 'ascii')].flatMap((byte) => [byte & 0x7f, byte >> 7]);
}

function capabilities(model: BoardModel): number[] {
  const body: number[] = [];
  for (let pin = 0; pin < model.pins; pin += 1) {
    // Pins 0 and 1 carry the serial line to the host: no modes offered.
    if (pin >= 2) {
      body.push(0, 1, 1, 1, 11, 1);
      if (model.pwmPins.includes(pin)) body.push(3, 8);
      if (pin >= model.firstAnalogPin) body.push(2, 10);
    }
    body.push(0x7f);
  }
  return body;
}

function analogMapping(model: BoardModel): number[] {
  return Array.from({ length: model.pins }, (_, pin) =>
    pin >= model.firstAnalogPin ? pin - model.firstAnalogPin : 0x7f,
  );
}
