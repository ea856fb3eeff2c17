import { Inject } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { defaultRooms } from './live-rooms';

export interface LiveSocketData {
  principal: Principal;
}

/**
 * The authenticated socket.io namespace. The JWT is checked in the handshake middleware, so an
 * unauthenticated client never reaches a connection handler nor any room.
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: false } })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() namespace: Namespace;

  constructor(
    private readonly tokens: TokenService,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      try {
        const token = (socket.handshake.auth as { token?: string } | undefined)?.token ?? socket.handshake.headers.authorization;
        (socket.data as LiveSocketData).principal = this.tokens.verifyBearer(token);
        next();
      } catch (error) {
        const code = error instanceof DomainError ? error.code : 'UNAUTHENTICATED';
        next(Object.assign(new Error(code), { data: { code, message: (error as Error).message } }));
      }
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { principal } = socket.data as LiveSocketData;
    await socket.join(defaultRooms(principal));
    this.logger.debug({ userId: principal.userId, role: principal.role }, 'live socket connected');
  }
}
