import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { verifyCrmEvent } from './crm-event-signature';

/**
 * Inbound CRM events carry no bearer token: the signature is the credential. A guard (before the
 * validation pipe), so a forged request is refused 401 whatever its body, and nothing is read.
 */
@Injectable()
export class CrmSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const header = (name: string): string | undefined => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    };
    const verdict = verifyCrmEvent(this.config.webhooks.secret, { signature: header('x-salescall-signature'), timestamp: header('x-salescall-timestamp') }, request.rawBody, new Date());
    if (!verdict.valid) throw new DomainError('UNAUTHENTICATED', 'The event signature is missing, wrong or too old', { reason: verdict.reason });
    return true;
  }
}
