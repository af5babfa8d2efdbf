/**
 * The vpcd wire protocol, card side: a TCP stream of frames, each a 2-byte big-endian
 * length and a payload. A 1-byte payload is a control code from the reader (power off,
 * power on, reset, get ATR); a longer one is a command APDU. The card answers get-ATR and
 * APDUs with one frame each and stays silent after the power and reset codes.
 */
export const VPCD_CONTROL = { 0: 'power-off', 1: 'power-on', 2: 'reset', 4: 'get-atr' } as const;

export type VpcdMessage =
  | { kind: 'control'; action: 'power-off' | 'power-on' | 'reset' | 'get-atr' }
  | { kind: 'unknown-control'; code: number }
  | { kind: 'apdu'; bytes: Buffer };

export class VpcdFrameError extends Error {
  constructor(
    readonly code: 'oversized' | 'empty' | 'unterminated',
    message: string,
  ) {
    super(message);
    this.name = 'VpcdFrameError';
  }
}

/** Largest payload the protocol can carry in its 2-byte length. */
export const VPCD_MAX_PAYLOAD = 0xffff;

export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length > VPCD_MAX_PAYLOAD) {
    throw new VpcdFrameError('oversized', `vpcd frame of ${payload.length} bytes exceeds 65535`);
  }
  const header = Buffer.alloc(2);
  header.writeUInt16BE(payload.length);
  return Buffer.concat([header, payload]);
}

export function classifyPayload(payload: Buffer): VpcdMessage {
  if (payload.length !== 1) return { kind: 'apdu', bytes: payload };
  const code = payload[0]!;
  const action = VPCD_CONTROL[code as keyof typeof VPCD_CONTROL];
  return action ? { kind: 'control', action } : { kind: 'unknown-control', code };
}

/**
 * Cuts a byte stream into frames whatever the chunking: a frame split over many chunks
 * comes out once whole, several frames in one chunk come out in order. A frame longer
 * than `maxPayload` or of length 0 poisons the stream (its boundaries can no longer be
 * trusted): `push` throws and the connection must be dropped.
 */
export class VpcdFrameDecoder {
  #pending = Buffer.alloc(0);
  #broken: VpcdFrameError | null = null;

  constructor(private readonly maxPayload = 4096) {}

  push(chunk: Uint8Array): Buffer[] {
    if (this.#broken) throw this.#broken;
    this.#pending = Buffer.concat([this.#pending, chunk]);
    const frames: Buffer[] = [];

    while (this.#pending.length >= 2) {
      const length = this.#pending.readUInt16BE(0);
      if (length === 0) this.#fail('empty', 'vpcd frame of length 0');
      if (length > this.maxPayload) {
        const limit = `the ${this.maxPayload}-byte limit`;
        this.#fail('oversized', `vpcd frame of ${length} bytes exceeds ${limit}`);
      }
      if (this.#pending.length < 2 + length) break;
      frames.push(Buffer.from(this.#pending.subarray(2, 2 + length)));
      this.#pending = this.#pending.subarray(2 + length);
    }
    return frames;
  }

  /** Call when the stream ended; throws when it stopped inside a frame. */
  end(): void {
    if (this.#broken || this.#pending.length === 0) return;
    const have = this.#pending.length;
    const want = have >= 2 ? this.#pending.readUInt16BE(0) + 2 : 2;
    this.#pending = Buffer.alloc(0);
    throw new VpcdFrameError('unterminated', `stream ended ${want - have} bytes short of a frame`);
  }

  #fail(code: VpcdFrameError['code'], message: string): never {
    this.#broken = new VpcdFrameError(code, message);
    throw this.#broken;
  }
}
