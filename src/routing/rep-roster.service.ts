import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { nextRetry } from '../calls/journal-retry.policy';
import { DomainEvents } from '../common/events/domain-events';
import { nextDayStart, startOfDay } from '../common/time/zoned-clock';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LivePublisher } from '../live/live-publisher';
import { Rep } from '../org/rep.entity';
import { AriClient } from '../telephony/ari/ari.client';
import { deskEndpointOf, EndpointPresence, isReachable, OFFLINE, presenceAfter } from './rep-endpoints';
import { RepEvent, repTransition } from './rep-state.policy';
import { webEndpointFor } from '../org/sip-endpoints';
import { isRoutable, RosterRep } from './roster.types';

type Listener = (rep: RosterRep) => void;

/** Safety net for missed endpoint events: one GET /endpoints/PJSIP this often. */
const REACHABILITY_CHECK_MS = 15_000;
/** The day-change timer re-arms at least this often, so a suspended host or a moved clock cannot skip a day. */
const DAY_CHECK_MAX_MS = 3_600_000;

/**
 * Every enabled rep's live state, in memory: routing reads it synchronously on the hot path.
 * Changes are written to PostgreSQL behind the routing path (latest state wins per rep).
 */
@Injectable()
export class RepRosterService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly reps = new Map<string, RosterRep>();
  private readonly byEndpoint = new Map<string, string>();
  /** Per rep, which of their two endpoints (desk, browser) Asterisk reports online. */
  private readonly presence = new Map<string, EndpointPresence>();
  private readonly wrapUpTimers = new Map<string, NodeJS.Timeout>();
  private reachabilityTimer: NodeJS.Timeout | null = null;
  private dayTimer: NodeJS.Timeout | null = null;
  /** Start of the working-hours zone's current day, for callsToday. */
  private dayStart = 0;
  private readonly routableListeners = new Set<Listener>();
  private readonly reloadListeners = new Set<() => void>();
  private readonly pendingWrites = new Map<string, RosterRep>();
  private writing: Promise<void> = Promise.resolve();
  private readonly logger: AppLogger;

  constructor(
    @InjectRepository(Rep) private readonly repRows: Repository<Rep>,
    private readonly ari: AriClient,
    private readonly live: LivePublisher,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'roster' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    await this.rebuildCallsToday(new Date());
    this.armDayTimer();
    // Over REST, before the events socket registers the Stasis app: the first caller after a
    // restart finds the reps whose phones are up routable, instead of waiting for a periodic check.
    await this.readReachability().catch((error: unknown) => this.logger.warn({ err: error }, 'endpoint states not read at boot; read again once ARI connects'));
    const refresh = (): void => {
      this.refreshReachability().catch((error: unknown) => this.logger.warn({ err: error }, 'endpoint states not read'));
    };
    this.ari.events.on('connected', refresh);
    // Should the socket be up already (its 'connected' came before this listener), read now:
    // otherwise no rep is routable until the periodic check (15 s).
    if (this.ari.health().state === 'connected') refresh();
    this.events.on('rep.changed', async ({ repId }) => {
      await this.reload();
      await this.refreshRep(repId).catch((error: unknown) => this.logger.warn({ err: error, repId }, 'endpoint state not read'));
    });
    this.ari.events.on('EndpointStateChange', (event) => {
      if (event.endpoint.technology === 'PJSIP') this.setReachable(event.endpoint.resource, event.endpoint.state === 'online');
    });
    this.reachabilityTimer = setInterval(() => {
      if (this.ari.health().state !== 'connected') return;
      this.readReachability().catch((error: unknown) => this.logger.warn({ err: error }, 'endpoint states not read'));
    }, REACHABILITY_CHECK_MS);
    this.reachabilityTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.reachabilityTimer) clearInterval(this.reachabilityTimer);
    if (this.dayTimer) clearTimeout(this.dayTimer);
    for (const timer of this.wrapUpTimers.values()) clearTimeout(timer);
    this.wrapUpTimers.clear();
  }

  /** (Re)loads the enabled reps; keeps the live state of reps already known. */
  async reload(): Promise<void> {
    const rows = await this.repRows.find({ where: { enabled: true } });
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const known = this.reps.get(row.id);
      this.reps.set(row.id, {
        id: row.id,
        teamId: row.teamId,
        tier: row.tier,
        sipEndpoint: row.sipEndpoint,
        enabled: row.enabled,
        state: known?.state ?? (row.agentState === 'paused' ? 'paused' : 'offline'),
        stateSince: known?.stateSince ?? row.stateSince,
        pauseReason: known?.pauseReason ?? (row.agentState === 'paused' ? row.pauseReason : null),
        reachable: known?.reachable ?? false,
        webOnline: known?.webOnline ?? false,
        lastCallEndedAt: known?.lastCallEndedAt ?? null,
        lastOfferedAt: known?.lastOfferedAt ?? null,
        callsToday: known?.callsToday ?? 0,
        consecutiveNoAnswers: known?.consecutiveNoAnswers ?? 0,
      });
      this.byEndpoint.set(row.sipEndpoint, row.id);
    }
    for (const id of [...this.reps.keys()]) if (!seen.has(id)) this.forget(id);
    for (const listener of this.reloadListeners) listener();
  }

  /** callsToday from the journal: a restart must not zero the counts `fewest-calls` routing compares. */
  async rebuildCallsToday(now: Date): Promise<void> {
    this.dayStart = startOfDay(now.getTime(), this.config.rules.workingHours.timeZone);
    const rows: Array<{ rep_id: string; calls: number }> = await this.repRows.manager.query(
      `SELECT rep_id, count(*)::int AS calls FROM calls WHERE rep_id IS NOT NULL AND answered_at IS NOT NULL AND ended_at >= $1 GROUP BY rep_id`,
      [new Date(this.dayStart)],
    );
    const counts = new Map(rows.map((row) => [row.rep_id, row.calls]));
    for (const rep of this.reps.values()) rep.callsToday = counts.get(rep.id) ?? 0;
  }

  /** At local midnight in the working-hours zone every rep starts the day at zero calls. Returns true when the day changed. */
  rollOverIfNewDay(now: Date): boolean {
    const today = startOfDay(now.getTime(), this.config.rules.workingHours.timeZone);
    if (today === this.dayStart) return false;
    this.dayStart = today;
    for (const rep of this.reps.values()) this.apply(rep.id, { type: 'new-day' }, now);
    this.logger.info({ dayStart: new Date(today).toISOString() }, 'new day: calls today reset');
    return true;
  }

  private armDayTimer(): void {
    const now = Date.now();
    const delay = Math.min(nextDayStart(now, this.config.rules.workingHours.timeZone) - now, DAY_CHECK_MAX_MS);
    this.dayTimer = setTimeout(() => {
      this.rollOverIfNewDay(new Date());
      this.armDayTimer();
    }, Math.max(1000, delay));
    this.dayTimer.unref();
  }

  /** After every reload of the rep list (a rep added, disabled, re-tiered). */
  onReloaded(listener: () => void): void {
    this.reloadListeners.add(listener);
  }

  list(): RosterRep[] {
    return [...this.reps.values()];
  }

  get(repId: string): RosterRep | undefined {
    return this.reps.get(repId);
  }

  onRoutable(listener: Listener): () => void {
    this.routableListeners.add(listener);
    return () => this.routableListeners.delete(listener);
  }

  apply(repId: string, event: RepEvent, now = new Date()): RosterRep | undefined {
    const current = this.reps.get(repId);
    if (!current) return undefined;
    const { rep, wrapUpUntil, changed } = repTransition(current, event, this.config.rules.routing, now);
    this.reps.set(repId, rep);
    if (wrapUpUntil) this.scheduleWrapUpEnd(repId, wrapUpUntil.getTime() - now.getTime());
    if (changed) {
      this.logger.debug({ repId, from: current.state, to: rep.state, event: event.type }, 'rep state');
      this.persist(rep);
      this.live.publish('rep.state', { teamId: rep.teamId, repId }, publicView(rep));
      if (isRoutable(rep) && !isRoutable(current)) for (const listener of this.routableListeners) listener(rep);
    }
    return rep;
  }

  /**
   * Puts a rep back exactly as they were (state, since when, pause reason): undoes a reservation
   * for a call that never started, so a refused request leaves the rep's row as it found it.
   */
  restore(before: RosterRep): RosterRep | undefined {
    const current = this.reps.get(before.id);
    if (!current) return undefined;
    const rep: RosterRep = { ...current, state: before.state, stateSince: before.stateSince, pauseReason: before.pauseReason };
    this.reps.set(rep.id, rep);
    this.persist(rep);
    this.live.publish('rep.state', { teamId: rep.teamId, repId: rep.id }, publicView(rep));
    if (isRoutable(rep) && !isRoutable(current)) for (const listener of this.routableListeners) listener(rep);
    return rep;
  }

  /** Reachability of every rep's softphone, read after each (re)connect: events in a gap are lost. */
  async refreshReachability(): Promise<void> {
    await this.ari.subscribe('endpoint:PJSIP');
    await this.readReachability();
  }

  /**
   * Also every REACHABILITY_CHECK_MS: an EndpointStateChange that lands while a new rep is still
   * being loaded finds no rep to update, and the rep would stay offline until the next change.
   */
  private async readReachability(): Promise<void> {
    const endpoints = await this.ari.listEndpoints();
    const online = new Set(endpoints.filter((endpoint) => endpoint.technology === 'PJSIP' && endpoint.state === 'online').map((endpoint) => endpoint.resource));
    for (const rep of this.reps.values()) {
      this.setReachable(rep.sipEndpoint, online.has(rep.sipEndpoint));
      this.setReachable(webEndpointFor(rep.sipEndpoint), online.has(webEndpointFor(rep.sipEndpoint)));
    }
  }

  private async refreshRep(repId: string): Promise<void> {
    const rep = this.reps.get(repId);
    if (!rep) return;
    for (const name of [rep.sipEndpoint, webEndpointFor(rep.sipEndpoint)]) {
      const endpoint = await this.ari.endpointState('PJSIP', name).catch(() => null);
      this.setReachable(name, endpoint?.state === 'online');
    }
  }

  /** `endpoint` is either of a rep's endpoints; the rep is reachable while either is online. */
  setReachable(endpoint: string, online: boolean): void {
    const repId = this.byEndpoint.get(deskEndpointOf(endpoint));
    if (!repId) return;
    const presence = presenceAfter(this.presence.get(repId) ?? OFFLINE, endpoint, online);
    this.presence.set(repId, presence);
    const reachable = isReachable(presence);
    const known = this.reps.get(repId);
    // Which phone rings is not a state change: it is kept on the rep without an event.
    const rep = known && { ...known, webOnline: presence.web };
    if (rep) this.reps.set(repId, rep);
    // Unchanged, except a rep put offline by a failed offer while Asterisk still reports the phone
    // online: the next check brings them back instead of leaving them offline for good.
    if (!rep || (rep.reachable === reachable && !(reachable && rep.state === 'offline'))) return;
    this.apply(repId, { type: 'reachability', reachable });
  }

  /** Waits until every queued state write has reached the database (tests, shutdown). */
  async flush(): Promise<void> {
    await this.writing;
    while (this.pendingWrites.size > 0) {
      this.writing = this.writing.then(() => this.drainWrites());
      await this.writing;
    }
  }

  private scheduleWrapUpEnd(repId: string, delayMs: number): void {
    clearTimeout(this.wrapUpTimers.get(repId));
    const timer = setTimeout(() => {
      this.wrapUpTimers.delete(repId);
      this.apply(repId, { type: 'wrap-up-elapsed' });
    }, Math.max(0, delayMs));
    timer.unref();
    this.wrapUpTimers.set(repId, timer);
  }

  private persist(rep: RosterRep): void {
    const first = this.pendingWrites.size === 0;
    this.pendingWrites.set(rep.id, rep);
    if (first) this.writing = this.writing.then(() => this.drainWrites());
  }

  /**
   * Every rep whose state changed since the last write, in one statement (a busy floor changes
   * hundreds a second). A batch that fails goes back behind any newer state of the same rep and is
   * retried with the journal's backoff until it lands: after a PostgreSQL outage the stored states
   * match the floor again instead of keeping whatever was written before it.
   */
  private async drainWrites(): Promise<void> {
    for (let attempt = 1; this.pendingWrites.size > 0; ) {
      const batch = [...this.pendingWrites.values()];
      this.pendingWrites.clear();
      try {
        await this.writeStates(batch);
        if (attempt > 1) this.logger.info({ repIds: batch.map((rep) => rep.id), attempts: attempt }, 'rep states saved after retrying');
        attempt = 1;
      } catch (error) {
        // A newer state queued meanwhile wins over the one that failed.
        for (const rep of batch) if (!this.pendingWrites.has(rep.id)) this.pendingWrites.set(rep.id, rep);
        const decision = nextRetry(error, attempt, this.config.journal.retryMaxMs, Math.random());
        if (!decision.retry) {
          for (const rep of batch) if (this.pendingWrites.get(rep.id) === rep) this.pendingWrites.delete(rep.id);
          this.logger.error({ err: error, repIds: batch.map((rep) => rep.id), attempts: attempt }, 'rep states not saved');
          attempt = 1;
          continue;
        }
        if (attempt === 1) this.logger.warn({ err: error, repIds: batch.map((rep) => rep.id) }, 'rep states not saved; retrying until they land');
        attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      }
    }
  }

  private async writeStates(batch: RosterRep[]): Promise<void> {
    await this.repRows.manager.query(
      `UPDATE reps AS r SET agent_state = v.state, state_since = v.since, pause_reason = v.reason
         FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::varchar[]) AS v(id, state, since, reason)
        WHERE r.id = v.id`,
      [batch.map((rep) => rep.id), batch.map((rep) => rep.state), batch.map((rep) => rep.stateSince), batch.map((rep) => rep.pauseReason)],
    );
  }

  private forget(repId: string): void {
    const rep = this.reps.get(repId);
    if (rep) this.byEndpoint.delete(rep.sipEndpoint);
    this.presence.delete(repId);
    clearTimeout(this.wrapUpTimers.get(repId));
    this.reps.delete(repId);
  }
}

export function publicView(rep: RosterRep): Record<string, unknown> {
  return { repId: rep.id, teamId: rep.teamId, tier: rep.tier, state: rep.state, since: rep.stateSince, pauseReason: rep.pauseReason, reachable: rep.reachable, callsToday: rep.callsToday };
}
