import { Inject, OnModuleDestroy } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { msUntilExpiry } from '../auth/account.policy';
import { AccountStatusService } from '../auth/account-status.service';
import { Principal } from '../auth/principal';
import { TokenService, VerifiedToken } from '../auth/token.service';
import { DomainError } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { defaultRooms, userRoom } from './live-rooms';

export interface LiveSocketData {
  principal: Principal;
  expiresAt: Date;
  expiryTimer?: NodeJS.Timeout;
}

type Ack = { ok: true; expiresAt: string } | { ok: false; error: { code: string; message: string } };

/**
 * The authenticated socket.io namespace. The JWT (and its account: enabled, same token version)
 * is checked in the handshake middleware, so an unauthenticated client never reaches a connection
 * handler nor any room. A socket lives no longer than its token: it is cut off when the token
 * expires unless the client sends `auth.refresh` with a newer token of the same user first, and
 * at once (on every instance, through the Redis adapter) when the user's tokens are revoked.
 * Before being cut off the client gets `session.ended` with the reason's code.
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: false } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() namespace: Namespace;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly tokens: TokenService,
    private readonly accounts: AccountStatusService,
    events: DomainEvents,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {
    this.unsubscribe = events.on('account.revoked', ({ userId, reason }) => this.endSessionsOf(userId, reason));
  }

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      this.authenticate(socket.handshake)
        .then((token) => {
          Object.assign(socket.data as LiveSocketData, { principal: token.principal, expiresAt: token.expiresAt });
          next();
        })
        .catch((error: unknown) => {
          // A database failure while checking the account must not reach the client verbatim.
          if (!(error instanceof DomainError)) this.logger.warn({ err: error }, 'live handshake: account check failed');
          const code = error instanceof DomainError ? error.code : 'UNAUTHENTICATED';
          const message = error instanceof DomainError ? error.message : 'Authentication could not be checked; try again';
          next(Object.assign(new Error(code), { data: { code, message } }));
        });
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const data = socket.data as LiveSocketData;
    this.scheduleExpiry(socket);
    await socket.join([...defaultRooms(data.principal), userRoom(data.principal.userId)]);
    this.logger.debug({ userId: data.principal.userId, role: data.principal.role }, 'live socket connected');
  }

  handleDisconnect(socket: Socket): void {
    clearTimeout((socket.data as LiveSocketData).expiryTimer);
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  /** A newer token for the same user moves the socket's expiry; anything else leaves it as it was. */
  @SubscribeMessage('auth.refresh')
  async onRefresh(@ConnectedSocket() socket: Socket, @MessageBody() body: { token?: unknown } | undefined): Promise<Ack> {
    const data = socket.data as LiveSocketData;
    try {
      if (typeof body?.token !== 'string') throw new DomainError('VALIDATION_FAILED', 'token must be a string');
      const token = this.tokens.verifyHandshakeToken(body.token);
      await this.accounts.assertAccepted(token);
      if (token.principal.userId !== data.principal.userId) throw new DomainError('FORBIDDEN', 'The token belongs to another user');
      data.expiresAt = token.expiresAt;
      this.scheduleExpiry(socket);
      return { ok: true, expiresAt: token.expiresAt.toISOString() };
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'INTERNAL';
      return { ok: false, error: { code, message: error instanceof DomainError ? error.message : 'Refresh failed' } };
    }
  }

  /** `auth.token` (the token, "Bearer " optional) or else an Authorization header, which needs the Bearer scheme as on HTTP. */
  private async authenticate(handshake: Socket['handshake']): Promise<VerifiedToken> {
    const fromAuth = (handshake.auth as { token?: unknown } | undefined)?.token;
    if (fromAuth !== undefined && typeof fromAuth !== 'string') throw new DomainError('UNAUTHENTICATED', 'auth.token must be a string');
    const token = fromAuth ? this.tokens.verifyHandshakeToken(fromAuth) : this.tokens.verifyBearer(handshake.headers.authorization);
    await this.accounts.assertAccepted(token);
    return token;
  }

  private scheduleExpiry(socket: Socket): void {
    const data = socket.data as LiveSocketData;
    clearTimeout(data.expiryTimer);
    data.expiryTimer = setTimeout(() => {
      socket.emit('session.ended', { code: 'TOKEN_EXPIRED' });
      socket.disconnect(true);
    }, msUntilExpiry(data.expiresAt, Date.now()));
    data.expiryTimer.unref();
  }

  /** Through the Redis adapter, this reaches the user's sockets on every instance. */
  private endSessionsOf(userId: string, reason: string): void {
    const namespace = this.namespace;
    if (!namespace) return;
    try {
      namespace.to(userRoom(userId)).emit('session.ended', { code: 'TOKEN_REVOKED' });
      namespace.in(userRoom(userId)).disconnectSockets(true);
      this.logger.info({ userId, reason }, 'live sockets of a revoked account disconnected');
    } catch (error) {
      // The adapter throws synchronously while its Redis connection is closed; the next handshake checks the account anyway.
      this.logger.warn({ err: error, userId }, 'could not disconnect a revoked account\'s sockets');
    }
  }
}
