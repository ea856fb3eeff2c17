import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { setBounded } from '../common/collections/bounded-map';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { LivePublisher } from '../live/live-publisher';
import { AgentState } from '../org/rep.entity';
import { RepRosterService } from '../routing/rep-roster.service';
import { LiveStatsService } from './live-stats.service';
import { callDetails, journalEventsSince, npsSince, openMissedCallbacks, repNames } from './live-stats.queries';
import { StatsEvent } from './live-stats.types';
import { StatsBus } from './stats-bus';

const REFRESH_MS = 30_000;
/** Live calls whose published details are remembered (far above any floor's concurrent calls). */
const MAX_TRACKED_CALLS = 10_000;

interface CallUpdate {
  callId: string;
  phase: string;
  caller: string | null;
  repId: string | null;
  enqueuedAt: Date | string;
}

interface RepStateUpdate {
  repId: string;
  teamId: string;
  state: AgentState;
  since: Date | string;
  pauseReason: string | null;
}

/**
 * Translates the service's own facts (domain events after the journal wrote them, routing's live
 * call/rep updates) into statistics events on the bus. Each instance rebuilds today from the
 * journal at boot, then follows the bus.
 */
@Injectable()
export class StatsFeedService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: AppLogger;
  private names = new Map<string, string>();
  /** Client and deal whose details each live call has had published: an answer with the same ones needs no second read. */
  private readonly detailsSent = new Map<string, string>();
  private refreshTimer?: NodeJS.Timeout;
  private lastDayStart = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEvents,
    private readonly live: LivePublisher,
    private readonly roster: RepRosterService,
    private readonly bus: StatsBus,
    private readonly stats: LiveStatsService,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'stats-feed' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const buffered: StatsEvent[] = [];
    let ready = false;
    await this.bus.subscribe((event) => (ready ? this.stats.apply(event) : buffered.push(event)));
    await this.rebuild();
    ready = true;
    for (const event of buffered) this.stats.apply(event);
    this.listen();
    this.refreshTimer = setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.error({ err: error }, 'live stats refresh failed'));
    }, REFRESH_MS);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  /** Today from the journal, reps from the roster, callbacks and NPS from their tables. */
  async rebuild(): Promise<void> {
    const clock = this.stats.clock();
    this.lastDayStart = clock.dayStart;
    this.names = await repNames(this.db);
    const events = await journalEventsSince(this.db, new Date(clock.dayStart));
    for (const rep of this.roster.list()) events.push(this.repEvent(rep));
    events.push(...(await this.tableEvents(new Date(clock.dayStart))));
    this.stats.load(events);
    this.logger.info({ events: events.length }, 'live statistics rebuilt from the journal');
  }

  private listen(): void {
    this.events.on('call.started', async (event) => {
      this.bus.publish({ type: 'call.started', callId: event.callId, direction: event.direction, teamId: event.teamId, repId: event.repId, clientId: event.clientId, dealId: event.dealId, at: at(event.at) });
      await this.publishDetails(event.callId, event.clientId, event.dealId);
    });
    this.events.on('call.answered', async (event) => {
      this.bus.publish({ type: 'call.answered', callId: event.callId, repId: event.repId, teamId: event.teamId, clientId: event.clientId, dealId: event.dealId, at: at(event.at) });
      await this.publishDetails(event.callId, event.clientId, event.dealId);
    });
    this.events.on('call.ended', (event) => {
      this.detailsSent.delete(event.callId);
      this.bus.publish({ type: 'call.ended', callId: event.callId, outcome: event.outcome, teamId: event.teamId, repId: event.repId, at: at(event.at) });
    });
    this.events.on('task.created', async (event) => {
      if (event.type === 'callback') await this.refreshCallbacks();
    });
    this.events.on('rep.changed', async (event) => {
      this.names = await repNames(this.db);
      if (!event.enabled) this.bus.publish({ type: 'rep.removed', repId: event.repId });
    });
    this.live.tap((name, payload) => {
      if (name === 'call.update') this.onCallUpdate(payload as CallUpdate);
      if (name === 'rep.state') this.bus.publish(this.repEvent(payload as RepStateUpdate));
    });
  }

  private onCallUpdate(update: CallUpdate): void {
    const base = { callId: update.callId, caller: update.caller, at: at(update.enqueuedAt) };
    if (update.phase === 'waiting' || update.phase === 'identifying') this.bus.publish({ ...base, type: 'call.queued' });
    if (update.phase === 'offering' && update.repId) this.bus.publish({ ...base, type: 'call.offered', repId: update.repId, teamId: this.roster.get(update.repId)?.teamId ?? null });
  }

  private repEvent(rep: { repId?: string; id?: string; teamId: string; state: AgentState; stateSince?: Date; since?: Date | string; pauseReason: string | null }): StatsEvent {
    const repId = (rep.repId ?? rep.id) as string;
    return { type: 'rep.state', repId, teamId: rep.teamId, name: this.names.get(repId) ?? null, state: rep.state, since: at(rep.since ?? rep.stateSince ?? new Date()), pauseReason: rep.pauseReason };
  }

  private async publishDetails(callId: string, clientId: string | null, dealId: string | null): Promise<void> {
    const key = `${clientId}/${dealId}`;
    if (this.detailsSent.get(callId) === key) return;
    // Calls whose end never reached us must not pile up: the oldest entries go first.
    setBounded(this.detailsSent, callId, key, MAX_TRACKED_CALLS);
    const details = await callDetails(this.db, callId, clientId, dealId);
    if (details) this.bus.publish(details);
  }

  private async tableEvents(dayStart: Date): Promise<StatsEvent[]> {
    const events: StatsEvent[] = [];
    for (const [teamId, open] of await openMissedCallbacks(this.db)) events.push({ type: 'callbacks.open', teamId, open });
    for (const [teamId, counts] of await npsSince(this.db, dayStart)) events.push({ type: 'nps.today', teamId, ...counts });
    return events;
  }

  private async refreshCallbacks(): Promise<void> {
    const counts = await openMissedCallbacks(this.db);
    for (const teamId of this.stats.stats().callbacksOpen.keys()) if (!counts.has(teamId)) counts.set(teamId, 0);
    for (const [teamId, open] of counts) if (this.stats.stats().callbacksOpen.get(teamId) !== open) this.bus.publish({ type: 'callbacks.open', teamId, open });
  }

  /** Callbacks get done and NPS answers arrive outside call events: re-read both now and then. */
  async refresh(): Promise<void> {
    try {
      const clock = this.stats.clock();
      if (clock.dayStart !== this.lastDayStart) {
        this.lastDayStart = clock.dayStart;
        this.bus.publish({ type: 'prune', before: clock.dayStart });
      }
      await this.refreshCallbacks();
      const nps = await npsSince(this.db, new Date(clock.dayStart));
      for (const [teamId, counts] of nps) {
        const known = this.stats.stats().npsToday.get(teamId);
        if (!known || known.promoters !== counts.promoters || known.passives !== counts.passives || known.detractors !== counts.detractors) this.bus.publish({ type: 'nps.today', teamId, ...counts });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'statistics refresh failed');
    }
  }
}

function at(value: Date | string | number): number {
  return new Date(value).getTime();
}
