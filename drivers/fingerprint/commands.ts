/**
 * The module's instructions as typed calls over a FingerprintLink.
 *
 * An answer the caller must expect (no finger, no match) is a result; every other
 * non-zero confirmation code becomes a ModuleError naming the command and the code.
 */
import { ProtocolError } from '../core/errors.js';
import { Command, Confirmation, type CommandName } from './constants.js';
import { InvalidRequestError, ModuleError } from './errors.js';
import { PACKET_SIZES, packetSizeOf } from './data-transfer.js';
import type { FingerprintLink, LinkReply, LinkRequest } from './protocol.js';

export type CharBuffer = 1 | 2;

export type SearchResult =
  | { kind: 'match'; templateId: number; score: number }
  | { kind: 'no-match' };

export interface SystemParameters {
  statusRegister: number;
  systemId: number;
  /** How many templates the library holds (page ids 0 … capacity-1). */
  capacity: number;
  securityLevel: number;
  address: number;
  /** Data packet size in bytes (32, 64, 128 or 256). */
  packetSize: number;
  baudRate: number;
}

export class ModuleCommands {
  constructor(readonly link: FingerprintLink) {}

  /** Checks the password; false when the module says it is wrong. */
  async verifyPassword(password: number): Promise<boolean> {
    const params = Buffer.alloc(4);
    params.writeUInt32BE(password >>> 0);
    const reply = await this.#send('VfyPwd', params);
    if (reply.confirmation === Confirmation.wrongPassword) return false;
    this.#expectOk('VfyPwd', reply);
    return true;
  }

  async handshake(): Promise<void> {
    this.#expectOk('Handshake', await this.#send('Handshake'));
  }

  /** Takes an image: 'image' when a finger was there, 'no-finger' otherwise. */
  async captureImage(): Promise<'image' | 'no-finger'> {
    const reply = await this.#send('GenImg');
    if (reply.confirmation === Confirmation.noFinger) return 'no-finger';
    this.#expectOk('GenImg', reply);
    return 'image';
  }

  /** Turns the last image into a feature file in char buffer 1 or 2. */
  async imageToFeatures(buffer: CharBuffer): Promise<void> {
    this.#expectOk('Img2Tz', await this.#send('Img2Tz', Buffer.from([buffer])));
  }

  async search(buffer: CharBuffer, start: number, count: number): Promise<SearchResult> {
    const params = Buffer.alloc(5);
    params.writeUInt8(buffer, 0);
    params.writeUInt16BE(this.#checkU16('search start', start), 1);
    params.writeUInt16BE(this.#checkU16('search count', count), 3);
    const reply = await this.#send('Search', params);
    if (reply.confirmation === Confirmation.noMatch) return { kind: 'no-match' };
    this.#expectOk('Search', reply, 4);
    const templateId = reply.params.readUInt16BE(0);
    return { kind: 'match', templateId, score: reply.params.readUInt16BE(2) };
  }

  /** Merges the feature files of both char buffers into one template. */
  async mergeFeatures(): Promise<void> {
    this.#expectOk('RegModel', await this.#send('RegModel'));
  }

  async store(buffer: CharBuffer, templateId: number): Promise<void> {
    this.#expectOk('Store', await this.#send('Store', this.#slotAndId(buffer, templateId)));
  }

  async load(buffer: CharBuffer, templateId: number): Promise<void> {
    this.#expectOk('LoadChar', await this.#send('LoadChar', this.#slotAndId(buffer, templateId)));
  }

  async deleteTemplates(templateId: number, count = 1): Promise<void> {
    const params = Buffer.alloc(4);
    params.writeUInt16BE(this.#checkU16('template id', templateId), 0);
    params.writeUInt16BE(this.#checkU16('delete count', count), 2);
    this.#expectOk('DeletChar', await this.#send('DeletChar', params));
  }

  async emptyLibrary(): Promise<void> {
    this.#expectOk('Empty', await this.#send('Empty'));
  }

  async templateCount(): Promise<number> {
    const reply = await this.#send('TempleteNum');
    this.#expectOk('TempleteNum', reply, 2);
    return reply.params.readUInt16BE(0);
  }

  async readSystemParameters(): Promise<SystemParameters> {
    const reply = await this.#send('ReadSysPara');
    this.#expectOk('ReadSysPara', reply, 16);
    const p = reply.params;
    const sizeCode = p.readUInt16BE(12);
    const packetSize = packetSizeOf(sizeCode);
    if (packetSize === null) {
      const detail = `ReadSysPara gave unknown packet size code ${sizeCode}`;
      throw new ProtocolError(this.link.device, detail);
    }
    return {
      statusRegister: p.readUInt16BE(0),
      systemId: p.readUInt16BE(2),
      capacity: p.readUInt16BE(4),
      securityLevel: p.readUInt16BE(6),
      address: p.readUInt32BE(8),
      packetSize,
      baudRate: p.readUInt16BE(14) * 9600,
    };
  }

  /** Uploads the feature file or template held in a char buffer. */
  async uploadTemplate(buffer: CharBuffer, timeoutMs?: number): Promise<Buffer> {
    const extra = { receiveData: true, timeoutMs };
    const reply = await this.#send('UpChar', Buffer.from([buffer]), extra);
    this.#expectOk('UpChar', reply);
    return reply.data ?? Buffer.alloc(0);
  }

  /** Downloads template bytes into a char buffer, in packets of the module's size. */
  async downloadTemplate(buffer: CharBuffer, bytes: Buffer, packetSize: number): Promise<void> {
    if (!(PACKET_SIZES as readonly number[]).includes(packetSize)) {
      const detail = `data packet size ${packetSize} is not one of ${PACKET_SIZES.join(', ')}`;
      throw new InvalidRequestError(this.link.device, detail);
    }
    if (bytes.length === 0) throw new InvalidRequestError(this.link.device, 'template is empty');
    const sendData = { bytes, packetSize };
    this.#expectOk('DownChar', await this.#send('DownChar', Buffer.from([buffer]), { sendData }));
  }

  #send(
    name: CommandName,
    params?: Uint8Array,
    extra: Partial<LinkRequest> = {},
  ): Promise<LinkReply> {
    return this.link.request({ ...extra, name, code: Command[name], params });
  }

  #expectOk(name: CommandName, reply: LinkReply, paramBytes = 0): void {
    if (reply.confirmation !== Confirmation.ok) {
      throw new ModuleError(this.link.device, name, reply.confirmation);
    }
    if (reply.params.length < paramBytes) {
      const detail =
        `${name} reply has ${reply.params.length} parameter bytes, expected ${paramBytes}`;
      throw new ProtocolError(this.link.device, detail);
    }
  }

  #slotAndId(buffer: CharBuffer, templateId: number): Buffer {
    const params = Buffer.alloc(3);
    params.writeUInt8(buffer, 0);
    params.writeUInt16BE(this.#checkU16('template id', templateId), 1);
    return params;
  }

  #checkU16(what: string, value: number): number {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
      throw new InvalidRequestError(this.link.device, `${what} ${value} is not in 0 … 65535`);
    }
    return value;
  }
}
