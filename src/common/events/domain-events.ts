import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Facts other parts of the service (webhooks, live statistics, the dialer) react to. Emitted after
 * the fact is stored, so a listener may re-read it from the database.
 */
export interface DomainEventMap {
  'call.started': { callId: string; direction: string; teamId: string | null; repId: string | null; clientId: string | null; dealId: string | null; at: Date };
  'call.answered': { callId: string; teamId: string | null; repId: string; clientId: string | null; dealId: string | null; at: Date };
  /** Both parties are in the call's mixing bridge: recording may start. */
  'call.bridged': { callId: string; bridgeId: string; direction: string; teamId: string | null; repId: string; clientId: string | null; dealId: string | null; campaignId: string | null; at: Date };
  'call.ended': { callId: string; teamId: string | null; repId: string | null; clientId: string | null; dealId: string | null; outcome: string; at: Date };
  'deal.opened': { dealId: string; clientId: string; ownerRepId: string | null; reason: string; at: Date };
  'deal.stage-changed': { dealId: string; clientId: string; ownerRepId: string | null; fromStageId: string | null; toStageId: string | null; status: 'open' | 'won' | 'lost'; at: Date };
  'task.created': { taskId: string; type: string; clientId: string; dealId: string | null; assigneeRepId: string | null; dueAt: Date; at: Date };
  /** A client was created or its owner, phones or do-not-call flag changed. */
  'client.changed': { clientId: string; at: Date };
  'rep.changed': { repId: string; enabled: boolean; at: Date };
  /** Every token of this user was revoked (disabled, re-enabled, changed): live sockets must go. */
  'account.revoked': { userId: string; reason: string; at: Date };
  'task.reassigned': { taskId: string; fromRepId: string | null; toRepId: string; reason: string; at: Date };
  /** The CRM says the client opened the proposal (signed inbound event): the owner should call now. */
  'proposal.opened': { eventId: string; dealId: string; clientId: string; ownerRepId: string | null; teamId: string | null; taskId: string; at: Date };
  /** Ask the CRM's SMS gateway to text the client (sent as the outgoing webhook sms.requested). */
  'sms.requested': { sourceEventId: string; reason: string; clientId: string; dealId: string | null; phone: string | null; ownerRepId: string | null; at: Date };
}

export type DomainEventName = keyof DomainEventMap;
export type DomainEventListener<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    for (const listener of this.emitter.listeners(name) as DomainEventListener<K>[]) {
      // A failing listener must never break the code that emitted the fact.
      Promise.resolve()
        .then(() => listener(payload))
        .catch((error: unknown) => this.emitter.emit('listener-error', { name, error }));
    }
  }

  on<K extends DomainEventName>(name: K, listener: DomainEventListener<K>): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }

  onListenerError(handler: (failure: { name: string; error: unknown }) => void): void {
    this.emitter.on('listener-error', handler);
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
