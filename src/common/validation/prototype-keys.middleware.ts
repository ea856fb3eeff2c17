import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';
import { prototypeKeyPaths } from './prototype-keys.policy';

/**
 * Runs right after the JSON body parser, on the body exactly as JSON.parse left it. Nest's
 * ValidationPipe deletes `__proto__`, `constructor` and `prototype` keys in place, and a key
 * silently dropped is a key accepted: every such key, at any depth of any body, is refused here
 * (400 VALIDATION_FAILED naming each path) before a route, a DTO or a policy sees the body.
 */
export function rejectPrototypeKeys(request: Request, _response: Response, next: NextFunction): void {
  const paths = prototypeKeyPaths(request.body);
  if (paths.length === 0) return next();
  next(
    new DomainError('VALIDATION_FAILED', `Reserved key in the request body: ${paths.join(', ')}`, {
      problems: paths.map((field) => ({ field, message: 'reserved key: prototype keys are never accepted' })),
    }),
  );
}
