import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/**
 * A copy of the request body's `settings` exactly as JSON.parse left it. Nest's ValidationPipe
 * deletes `__proto__`, `prototype` and `constructor` keys from the body in place, and a key
 * silently dropped is a key accepted: campaign-settings.policy.ts must see them to refuse them.
 * The copy is taken here, before the body's pipe runs (structuredClone keeps such keys as own data).
 */
export const RawSettings = createParamDecorator((_data: unknown, context: ExecutionContext): Record<string, unknown> | undefined => {
  const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
  if (typeof body !== 'object' || body === null || !Object.prototype.hasOwnProperty.call(body, 'settings')) return undefined;
  return structuredClone((body as { settings?: Record<string, unknown> }).settings);
});
