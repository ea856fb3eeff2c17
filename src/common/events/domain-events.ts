import { Global, Inject, Injectable, Module, Optional } from '@nestjs/common';
import { relative } from 'node:path';
import pino from 'pino';
import { AppLogger } from '../logging/logger';
import { ROOT_LOGGER } from '../logging/logging.module';

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
  /** Per event, each listener with the name its failures are logged under. */
  private readonly listeners = new Map<DomainEventName, Map<DomainEventListener<never>, string>>();
  private readonly logger: AppLogger;

  /** Without the app's logger (a unit test wiring parts by hand), failures still reach stderr. */
  constructor(@Optional() @Inject(ROOT_LOGGER) logger?: AppLogger) {
    this.logger = (logger ?? pino({ level: 'warn' })).child({ component: 'domain-events' });
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    for (const [listener, listenerName] of [...(this.listeners.get(name) ?? [])] as Array<[DomainEventListener<K>, string]>) {
      // A failing listener must never break the code that emitted the fact, nor fail unseen: a
      // lost webhook or a wrong wallboard figure starts here.
      Promise.resolve()
        .then(() => listener(payload))
        .catch((error: unknown) => this.logger.error({ err: error, event: name, listener: listenerName }, 'domain event listener failed'));
    }
  }

  /** `listenerName` names the listener in failure logs; by default, where it was registered. */
  on<K extends DomainEventName>(name: K, listener: DomainEventListener<K>, listenerName = registrationSite()): () => void {
    let named = this.listeners.get(name);
    if (!named) this.listeners.set(name, (named = new Map()));
    const entry = listener as DomainEventListener<never>;
    named.set(entry, listenerName);
    return () => {
      named.delete(entry);
    };
  }
}

/** "RecordingCaptureService.onModuleInit (src/recordings/recording-capture.service.ts:56)" for the caller of `on`. */
function registrationSite(): string {
  const frame = new Error().stack?.split('\n')[3]?.trim() ?? '';
  const match = /^at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(frame);
  if (!match) return 'anonymous';
  const [, fn, file, line] = match;
  const where = `${relative(process.cwd(), file)}:${line}`;
  return fn ? `${fn} (${where})` : where;
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
