import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logger';

/** Every error leaving a listener is JSON with a stable `error` code and a sentence; never a stack trace. */
export interface ErrorBody {
  error: string;
  message?: string;
  [extra: string]: unknown;
}

export function sendError(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const frameworkErrors: Record<string, { status: number; error: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, error: 'payload_too_large', message: 'The request body is larger than this node accepts.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, error: 'invalid_content_length', message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, error: 'invalid_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'invalid_json', message: 'The request body is empty; a JSON object is required.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, error: 'unsupported_media_type', message: 'This endpoint accepts application/json.' },
  FST_ERR_BAD_URL: { status: 400, error: 'bad_url', message: 'The request URL is malformed.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, error: 'bad_request', message: 'The request could not be routed.' },
};

/** The catch-all error handler shared by every listener. */
export function jsonErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = error.code ? frameworkErrors[error.code] : undefined;
    if (known) return sendError(reply, known.status, { error: known.error, message: known.message });
    if (error instanceof SyntaxError) return sendError(reply, 400, { error: 'invalid_json', message: 'The request body is not valid JSON.' });
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      logger.error('request failed', { method: request.method, path: request.routeOptions.url ?? 'unrouted', error: error.message });
      return sendError(reply, 500, { error: 'internal_error', message: 'The node could not handle this request.' });
    }
    return sendError(reply, status, { error: 'bad_request', message: 'The request was not accepted.' });
  };
}

export function jsonNotFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, 404, { error: 'not_found', message: `No route for ${request.method} ${pathOnly(request.url)}.` });
}

function pathOnly(url: string): string {
  // Echo only a bounded, printable path: the query may carry credentials and the path may carry junk.
  const path = url.split('?')[0] ?? '';
  return path.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
