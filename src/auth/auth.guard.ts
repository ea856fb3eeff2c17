import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { Role } from '../org/user.entity';
import { AccountStatusService } from './account-status.service';
import { IS_PUBLIC, ROLES } from './auth.decorators';
import { Principal } from './principal';
import { TokenService } from './token.service';

/**
 * Global guard: every HTTP route needs a valid bearer token whose account still accepts it
 * (enabled, same token version) unless marked @Public, and a listed role if @Roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly accounts: AccountStatusService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const token = this.tokens.verifyBearer(request.headers.authorization);
    await this.accounts.assertAccepted(token);
    const principal = token.principal;
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new DomainError('FORBIDDEN', `Role ${principal.role} may not do this (needs ${roles.join(' or ')})`);
    }
    return true;
  }
}
