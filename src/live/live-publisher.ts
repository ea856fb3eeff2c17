import { Injectable } from '@nestjs/common';
import { LiveGateway } from './live.gateway';
import { repRoom, roomsFor } from './live-rooms';

export type LiveTap = (event: string, payload: unknown, scope: { teamId: string | null; repId?: string | null }) => void;

/** What other domains call to push an event to the dashboards allowed to see it. */
@Injectable()
export class LivePublisher {
  private readonly taps = new Set<LiveTap>();

  constructor(private readonly gateway: LiveGateway) {}

  /**
   * Never throws: a dashboard update is a side effect of a call, and a closing Redis connection
   * (shutdown, Redis restart) must not break the call code that published it.
   */
  publish(event: string, scope: { teamId: string | null; repId?: string | null }, payload: unknown): void {
    for (const tap of this.taps) {
      try {
        tap(event, payload, scope);
      } catch {
        // a listener's own failure is its own business
      }
    }
    const namespace = this.gateway.namespace;
    if (!namespace) return;
    try {
      namespace.to(roomsFor(scope)).emit(event, payload);
    } catch {
      // the socket.io Redis adapter throws synchronously while its connection is closed
    }
  }

  /** To one rep's own connections only (their workspace), never to dashboards: e.g. the call ringing them. */
  publishToRep(repId: string, event: string, payload: unknown): void {
    try {
      this.gateway.namespace?.to(repRoom(repId)).emit(event, payload);
    } catch {
      // as in publish(): a closing Redis connection must not break the call code
    }
  }

  /** In-process listeners (live statistics) see every published event, whichever room it goes to. */
  tap(listener: LiveTap): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }
}
