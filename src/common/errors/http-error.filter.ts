import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { AppLogger } from '../logging/logger';
import { AriRequestError, AriUnavailableError } from '../../telephony/ari/ari-errors';
import { domainErrorFromDatabase } from './database-error.mapping';
import { DomainError, ErrorCode } from './domain-error';

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  details?: unknown;
}

/** The one place where errors become HTTP: a stable code, a message, and details for 4xx. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = toHttpError(exception);
    if (status >= 500) this.logger.error({ err: exception }, 'request failed');
    else if (body.details && typeof body.details === 'object' && 'sqlState' in body.details) this.logger.warn({ err: exception }, 'database refused a request that validation let through');
    // Handlers that answer with a file (@Header Content-Type text/csv, Content-Disposition) set
    // those headers before they run; an error body is JSON all the same, and not a download.
    if (!response.headersSent) response.removeHeader('Content-Disposition');
    const retryAfter = exception instanceof DomainError ? exception.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(status).type('application/json').json(body);
  }
}

export function toHttpError(exception: unknown): { status: number; body: ErrorBody } {
  const fromDatabase = domainErrorFromDatabase(exception);
  if (fromDatabase) return toHttpError(fromDatabase);
  if (exception instanceof DomainError) {
    return { status: exception.status, body: { code: exception.code, message: exception.message, details: exception.details } };
  }
  if (exception instanceof AriUnavailableError) {
    return { status: 503, body: { code: 'ARI_UNAVAILABLE', message: 'The telephony server (Asterisk ARI) is unreachable; try again shortly' } };
  }
  if (exception instanceof AriRequestError) {
    if (exception.isNotFound) return { status: 404, body: { code: 'NOT_FOUND', message: 'The call, channel or recording no longer exists in Asterisk' } };
    return { status: 502, body: { code: 'ARI_REQUEST_FAILED', message: `Asterisk refused ${exception.method} ${exception.path} (${exception.status})` } };
  }
  if (isBodyParserError(exception)) {
    const code = exception.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'INVALID_JSON';
    return { status: exception.status, body: { code, message: `Request body is not valid JSON: ${exception.message}` } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    const messages = typeof payload === 'object' && payload !== null ? (payload as { message?: unknown }).message : payload;
    // Nest turns body-parser's SyntaxError into a plain BadRequestException carrying its message.
    if (status === 400 && typeof messages === 'string' && /JSON/.test(messages)) {
      return { status, body: { code: 'INVALID_JSON', message: `Request body is not valid JSON: ${messages}` } };
    }
    if (status === 400 && Array.isArray(messages)) {
      return { status, body: { code: 'VALIDATION_FAILED', message: messages.join('; '), details: messages } };
    }
    return { status, body: { code: httpCode(status), message: String(Array.isArray(messages) ? messages.join('; ') : messages) } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal error' } };
}

function isBodyParserError(value: unknown): value is { status: number; type: string; message: string } {
  return typeof value === 'object' && value !== null && 'type' in value && 'status' in value && typeof (value as { type: unknown }).type === 'string' && String((value as { type: string }).type).startsWith('entity.');
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    default:
      return status >= 500 ? 'INTERNAL' : `HTTP_${status}`;
  }
}
