import { Injectable } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { roomsFor } from './live-rooms';

/** What other domains call to push an event to the dashboards allowed to see it. */
@Injectable()
export class LivePublisher {
  constructor(private readonly gateway: LiveGateway) {}

  publish(event: string, scope: { teamId: string | null; repId?: string | null }, payload: unknown): void {
    const namespace = this.gateway.namespace;
    if (!namespace) return;
    namespace.to(roomsFor(scope)).emit(event, payload);
  }
}
