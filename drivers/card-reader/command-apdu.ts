/**
 * Parses a command APDU (ISO 7816-4, short and extended lengths). Used by the card
 * models that answer the driver, so a malformed command gets a defined answer.
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Buffer;
  /** Expected response length; null when the command has no Le field. */
  le: number | null;
}

export type ParsedApdu = { ok: true; apdu: CommandApdu } | { ok: false; reason: string };

const fail = (reason: string): ParsedApdu => ({ ok: false, reason });

export function parseCommandApdu(bytes: Uint8Array): ParsedApdu {
  const b = Buffer.from(bytes);
  if (b.length < 4) return fail(`${b.length} bytes is shorter than a 4-byte header`);

  const head = { cla: b[0]!, ins: b[1]!, p1: b[2]!, p2: b[3]! };
  const ok = (data: Buffer, le: number | null): ParsedApdu => ({
    ok: true,
    apdu: { ...head, data, le },
  });

  if (b.length === 4) return ok(Buffer.alloc(0), null);
  if (b.length === 5) return ok(Buffer.alloc(0), b[4] === 0 ? 256 : b[4]!);

  if (b[4] !== 0) return parseShortBody(b, ok);
  return parseExtendedBody(b, ok);
}

function parseShortBody(
  b: Buffer,
  ok: (data: Buffer, le: number | null) => ParsedApdu,
): ParsedApdu {
  const lc = b[4]!;
  const data = b.subarray(5, 5 + lc);
  if (b.length === 5 + lc) return ok(data, null);
  if (b.length === 6 + lc) return ok(data, b[5 + lc] === 0 ? 256 : b[5 + lc]!);
  return fail(`Lc says ${lc} data bytes but ${b.length - 5} bytes follow the header`);
}

function parseExtendedBody(
  b: Buffer,
  ok: (data: Buffer, le: number | null) => ParsedApdu,
): ParsedApdu {
  if (b.length < 7) return fail(`extended length field cut short (${b.length} bytes)`);
  const word = b.readUInt16BE(5);
  if (b.length === 7) return ok(Buffer.alloc(0), word === 0 ? 65536 : word);

  const data = b.subarray(7, 7 + word);
  if (word > 0 && b.length === 7 + word) return ok(data, null);
  if (word > 0 && b.length === 9 + word) {
    const le = b.readUInt16BE(7 + word);
    return ok(data, le === 0 ? 65536 : le);
  }
  return fail(`extended Lc says ${word} data bytes but ${b.length - 7} bytes follow`);
}
