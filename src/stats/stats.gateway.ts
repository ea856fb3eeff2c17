import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { StatsScope } from './live-stats.types';
import { scopeKey } from './live-stats.view';
import { LiveStatsService } from './live-stats.service';
import { statsScopeFor } from './stats.policy';

interface StatsSocketData {
  principal?: Principal;
  statsScope?: StatsScope;
}

const room = (key: string): string => `stats:${key}`;

type Ack = { ok: true } | { ok: false; error: { code: string; message: string } };

/**
 * Live statistics on the authenticated /live namespace (the handshake is LiveGateway's). On
 * connect a socket gets the snapshot of its default scope; then `stats.delta`s numbered by `seq`.
 * A client that sees a gap (or reconnects) sends `stats.resync` and gets a new snapshot.
 */
@WebSocketGateway({ namespace: '/live', cors: { origin: false } })
export class StatsGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() namespace: Namespace;

  constructor(
    private readonly stats: LiveStatsService,
    @Inject(ROOT_LOGGER) private readonly logger: AppLogger,
  ) {}

  afterInit(namespace: Namespace): void {
    this.stats.attach({
      hasSubscribers: (key) => (namespace.adapter.rooms.get(room(key))?.size ?? 0) > 0,
      // Local only: every instance holds the same replica and serves its own sockets.
      emit: (key, delta) => namespace.local.to(room(key)).emit('stats.delta', delta),
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const { principal } = socket.data as StatsSocketData;
    if (!principal) return;
    try {
      await this.subscribe(socket, statsScopeFor(principal));
    } catch (error) {
      // An account without a team gets no statistics, but the socket stays for other live events.
      this.logger.debug({ userId: principal.userId, err: error }, 'no default statistics scope');
    }
  }

  @SubscribeMessage('stats.subscribe')
  async onSubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: { teamId?: string | null } | undefined): Promise<Ack> {
    const { principal } = socket.data as StatsSocketData;
    try {
      if (!principal) throw new DomainError('UNAUTHENTICATED', 'No principal');
      const teamId = body?.teamId ?? null;
      if (teamId !== null && (typeof teamId !== 'string' || !/^[0-9a-f-]{36}$/i.test(teamId))) throw new DomainError('VALIDATION_FAILED', 'teamId must be a UUID');
      await this.subscribe(socket, statsScopeFor(principal, teamId));
      return { ok: true };
    } catch (error) {
      return failure(error);
    }
  }

  @SubscribeMessage('stats.resync')
  onResync(@ConnectedSocket() socket: Socket): Ack {
    const scope = (socket.data as StatsSocketData).statsScope;
    if (!scope) return { ok: false, error: { code: 'INVALID_STATE', message: 'Not subscribed to statistics' } };
    socket.emit('stats.snapshot', this.stats.snapshot(scope));
    return { ok: true };
  }

  private async subscribe(socket: Socket, scope: StatsScope): Promise<void> {
    const data = socket.data as StatsSocketData;
    if (data.statsScope) await socket.leave(room(scopeKey(data.statsScope)));
    data.statsScope = scope;
    await socket.join(room(scopeKey(scope)));
    // Joined and snapshotted in the same tick as the state read: the next delta is seq + 1.
    socket.emit('stats.snapshot', this.stats.snapshot(scope));
  }
}

function failure(error: unknown): Ack {
  if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
  return { ok: false, error: { code: 'INTERNAL', message: 'Unexpected error' } };
}
