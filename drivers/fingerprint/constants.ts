/**
 * Wire constants of the R30x / ZFM-20 / AS608 module family.
 *
 * Codes were checked against the R30x and R503 user manuals and the Adafruit fingerprint
 * library headers. Only the names a caller may meet are listed; any other confirmation
 * code still decodes, as "module error 0xNN".
 */

/** Packet identifier, the byte after the address. */
export const PacketType = {
  command: 0x01,
  data: 0x02,
  ack: 0x07,
  endOfData: 0x08,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

export const PACKET_TYPES: ReadonlySet<number> = new Set(Object.values(PacketType));

export const START_CODE = 0xef01;
export const DEFAULT_ADDRESS = 0xffffffff;
export const DEFAULT_PASSWORD = 0;
export const DEFAULT_BAUD_RATE = 57_600;

/** Instruction codes, named as in the datasheets. */
export const Command = {
  GenImg: 0x01,
  Img2Tz: 0x02,
  Search: 0x04,
  RegModel: 0x05,
  Store: 0x06,
  LoadChar: 0x07,
  UpChar: 0x08,
  DownChar: 0x09,
  DeletChar: 0x0c,
  Empty: 0x0d,
  ReadSysPara: 0x0f,
  VfyPwd: 0x13,
  TempleteNum: 0x1d,
  Handshake: 0x40,
} as const;
export type CommandName = keyof typeof Command;

export function commandName(code: number): string {
  const entry = Object.entries(Command).find(([, value]) => value === code);
  return entry ? entry[0] : `command 0x${hex(code)}`;
}

/** Confirmation codes (first payload byte of an ack) and what the manuals say they mean. */
export const CONFIRMATION_TEXT: Readonly<Record<number, string>> = {
  0x00: 'ok',
  0x01: 'packet receive error',
  0x02: 'no finger on the sensor',
  0x03: 'image capture failed',
  0x06: 'image too disordered for features',
  0x07: 'too few feature points',
  0x08: 'finger does not match',
  0x09: 'no matching finger found',
  0x0a: 'could not merge the feature files',
  0x0b: 'template location outside the library',
  0x0c: 'template read failed or template invalid',
  0x0d: 'template upload failed',
  0x0e: 'module cannot receive the data packets',
  0x0f: 'image upload failed',
  0x10: 'template delete failed',
  0x11: 'library clear failed',
  0x13: 'wrong password',
  0x15: 'no valid primary image',
  0x18: 'flash write error',
  0x1a: 'invalid register number',
  0x20: 'wrong module address',
  0x21: 'password must be verified first',
};

export const Confirmation = {
  ok: 0x00,
  packetError: 0x01,
  noFinger: 0x02,
  imageFail: 0x03,
  featureDisordered: 0x06,
  featureTooFew: 0x07,
  noMatch: 0x09,
  mergeFail: 0x0a,
  badLocation: 0x0b,
  templateReadFail: 0x0c,
  uploadFail: 0x0d,
  noValidImage: 0x15,
  wrongPassword: 0x13,
  flashError: 0x18,
  passwordRequired: 0x21,
} as const;

export function confirmationText(code: number): string {
  return CONFIRMATION_TEXT[code] ?? `module error 0x${hex(code)}`;
}

export function hex(value: number, width = 2): string {
  return value.toString(16).toUpperCase().padStart(width, '0');
}
