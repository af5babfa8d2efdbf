/**
 * Reads a small JSON request body, with a size limit and errors that say what was wrong.
 */
import type { IncomingMessage } from 'node:http';
import { errorMessage } from '../../drivers/core/errors.js';
import type { SimFingerRequest } from '../api/messages.js';
import { HttpError } from './errors.js';

export const MAX_BODY_BYTES = 4096;

export async function readJsonBody(req: IncomingMessage, what: string): Promise<unknown> {
  // Asking for JSON also keeps plain cross-site form posts out: they cannot set it.
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(
      415,
      'unsupported-media-type',
      `body of ${what} must be application/json, got ${JSON.stringify(type || 'nothing')}`,
    );
  }

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        const problem = `body of ${what} is over ${MAX_BODY_BYTES} bytes`;
        throw new HttpError(413, 'body-too-large', problem);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    // The client went away or broke the framing mid-body: its fault, not the server's.
    const reason = errorMessage(error);
    throw new HttpError(400, 'body-incomplete', `body of ${what} ended early: ${reason}`, {
      cause: error,
    });
  }

  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = errorMessage(error);
    throw new HttpError(400, 'bad-json', `body of ${what} is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
}

/** Checks the shape of POST /api/sim/finger: `{ templateId }` or `{ unknown: true }`. */
export function parseSimFingerRequest(body: unknown): SimFingerRequest {
  const bad = (detail: string) =>
    new HttpError(400, 'bad-request', `sim finger request: ${detail}`);

  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('body must be a JSON object');
  }
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record);

  if ('templateId' in record) {
    const id = record.templateId;
    if (keys.length !== 1) throw bad('templateId must come alone');
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffff) {
      throw bad(`templateId must be an integer 0..65535, got ${JSON.stringify(id)}`);
    }
    return { templateId: id };
  }
  if ('unknown' in record) {
    if (keys.length !== 1 || record.unknown !== true) throw bad('unknown must be exactly true');
    return { unknown: true };
  }
  throw bad('expected { "templateId": <integer> } or { "unknown": true }');
}
