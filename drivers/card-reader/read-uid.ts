/**
 * Reads a card's UID with get-UID (`FF CA 00 00 00`), following the status word: a
 * 6Cxx answer is re-sent once with Le = xx; everything that gives no UID becomes a typed
 * error naming the reader and the status word.
 */
import { ProtocolError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { PcscSession } from './backend.js';
import { CardStatusError } from './errors.js';
import { classifyStatus, getUidCommand, splitResponse, swHex } from './status-words.js';
import { canonicalUid } from './uid.js';

export interface ReadUidContext {
  device: string;
  reader: string;
  session: PcscSession;
  uidLengths: readonly number[];
  logger: Logger;
}

export async function readUid(context: ReadUidContext): Promise<string> {
  const { device, reader, session, logger } = context;

  let response = splitResponse(device, reader, await session.transmit(reader, getUidCommand()));
  let status = classifyStatus(response.sw);

  // 6Cxx: the card wants the exact length; ask once more with it, never loop.
  if (status.kind === 'wrong-length') {
    logger.debug('card asked for another Le; re-sending get-UID', { reader, le: status.le });
    const command = getUidCommand(status.le);
    response = splitResponse(device, reader, await session.transmit(reader, command));
    status = classifyStatus(response.sw);
    if (status.kind === 'wrong-length') {
      throw new CardStatusError('card-status', device, reader, response.sw, 'Le refused twice');
    }
  }

  const sw = response.sw;
  switch (status.kind) {
    case 'ok':
      return checkedUid(context, response.data);
    case 'warning':
      // 62xx/63xx may still carry the UID (6282: fewer bytes than Le); keep it if whole.
      if (context.uidLengths.includes(response.data.length)) {
        logger.warn('card answered get-UID with a warning; UID kept', { reader, sw: swHex(sw) });
        return canonicalUid(response.data);
      }
      throw new CardStatusError('card-warning', device, reader, sw, 'warning, no usable UID');
    case 'not-supported':
      throw new CardStatusError('not-supported', device, reader, sw, 'get-UID not supported');
    case 'failed':
      throw new CardStatusError('card-failed', device, reader, sw, 'operation failed');
    default:
      throw new CardStatusError('card-status', device, reader, sw, 'unknown status word');
  }
}

function checkedUid(context: ReadUidContext, data: Buffer): string {
  if (!context.uidLengths.includes(data.length)) {
    const hex = data.toString('hex').toUpperCase() || 'no bytes';
    throw new ProtocolError(
      context.device,
      `reader "${context.reader}" gave a ${data.length}-byte UID (${hex}); ` +
        `expected ${context.uidLengths.join(', ')} bytes`,
    );
  }
  return canonicalUid(data);
}
