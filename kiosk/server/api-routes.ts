/**
 * The local API under /api: the view, its event stream, health and the simulated finger.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage } from '../../drivers/core/errors.js';
import type { Logger } from '../../drivers/core/logger.js';
import { API_PATHS, type KioskView, type SimFingerRequest } from '../api/messages.js';
import { HttpError } from './errors.js';
import type { EventStream } from './event-stream.js';
import { parseSimFingerRequest, readJsonBody } from './json-body.js';
import { sendJson } from './responses.js';

export interface ApiContext {
  logger: Logger;
  stream: EventStream;
  startedAt: number;
  getView(): KioskView;
  onSimFinger?: (request: SimFingerRequest) => Promise<void> | void;
}

function allowOnly(req: IncomingMessage, methods: string[]): void {
  if (methods.includes(req.method ?? '')) return;
  throw new HttpError(405, 'method-not-allowed', `${req.method} is not allowed on ${req.url}`, {
    headers: { Allow: methods.join(', ') },
  });
}

function currentView(context: ApiContext): KioskView {
  try {
    return context.getView();
  } catch (error) {
    context.logger.error('getView threw; the UI gets a 500', { error });
    throw new HttpError(500, 'view-unavailable', 'the kiosk view could not be built', {
      cause: error,
    });
  }
}

export async function handleApi(
  context: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  switch (pathname) {
    case API_PATHS.view:
      allowOnly(req, ['GET', 'HEAD']);
      sendJson(res, 200, currentView(context));
      return;

    case API_PATHS.stream: {
      allowOnly(req, ['GET']);
      if (context.stream.full) {
        throw new HttpError(503, 'too-many-streams', 'too many open event streams');
      }
      const view = currentView(context);
      context.stream.add(res, [{ event: 'view', data: view }]);
      return;
    }

    case API_PATHS.health:
      allowOnly(req, ['GET', 'HEAD']);
      sendJson(res, 200, {
        status: 'ok',
        uptimeSeconds: Math.round((Date.now() - context.startedAt) / 1000),
        streams: context.stream.size,
      });
      return;

    case API_PATHS.simFinger:
      if (context.onSimFinger === undefined) break;
      allowOnly(req, ['POST']);
      await simFinger(context, context.onSimFinger, req, res);
      return;
  }
  throw new HttpError(404, 'not-found', `no API at ${JSON.stringify(pathname)}`);
}

async function simFinger(
  context: ApiContext,
  handler: NonNullable<ApiContext['onSimFinger']>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readJsonBody(req, `POST ${API_PATHS.simFinger}`);
  const request = parseSimFingerRequest(body);
  context.logger.info('simulated finger placed', { ...request });
  try {
    await handler(request);
  } catch (error) {
    context.logger.error('simulated finger handler failed', { error });
    const reason = errorMessage(error);
    throw new HttpError(500, 'sim-finger-failed', `the simulated finger failed: ${reason}`, {
      cause: error,
    });
  }
  sendJson(res, 200, { ok: true });
}
