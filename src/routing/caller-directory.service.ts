import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { CALLER_FACTS_SQL, CallerFacts, CallerFactsRow, toCallerFacts } from './caller-lookup';

/** Changes other instances (or direct SQL) made are picked up this often. */
const INCREMENTAL_MS = 10_000;
/** A full reload also forgets erased clients. */
const FULL_RELOAD_MS = 10 * 60_000;

/**
 * Who owns which phone number, in memory, so that routing an inbound call needs no database
 * round trip before the first rep rings. Loaded at boot, updated at once from this instance's
 * own CRM events, and from the database every 10 s for changes made elsewhere. A stale entry
 * costs at most an owner preference; the CRM writes after the call always read the database.
 */
@Injectable()
export class CallerDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private byPhone = new Map<string, CallerFacts>();
  /** The same entries by client, so refreshing one client does not walk every phone. */
  private phonesOf = new Map<string, Set<string>>();
  private loaded = false;
  private lastSync = new Date(0);
  private timers: NodeJS.Timeout[] = [];
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'caller-directory' });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload().catch((error: unknown) => this.logger.error({ err: error }, 'caller directory not loaded; routing reads the database'));
    const refresh = (clientId: string): void => void this.refreshClient(clientId).catch((error: unknown) => this.logger.warn({ err: error, clientId }, 'caller directory refresh failed'));
    this.events.on('deal.opened', ({ clientId }) => refresh(clientId));
    this.events.on('deal.stage-changed', ({ clientId }) => refresh(clientId));
    this.events.on('client.changed', ({ clientId }) => refresh(clientId));
    this.timers.push(setInterval(() => void this.syncChanges().catch(() => undefined), INCREMENTAL_MS), setInterval(() => void this.reload().catch(() => undefined), FULL_RELOAD_MS));
    for (const timer of this.timers) timer.unref();
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Facts for a number; null when unknown; undefined until the directory is loaded. */
  lookup(e164: string): CallerFacts | null | undefined {
    if (!this.loaded) return undefined;
    return this.byPhone.get(e164) ?? null;
  }

  size(): number {
    return this.byPhone.size;
  }

  async reload(): Promise<void> {
    const startedAt = new Date();
    const rows: CallerFactsRow[] = await this.dataSource.query(CALLER_FACTS_SQL);
    this.byPhone = new Map();
    this.phonesOf = new Map();
    for (const row of rows) this.put(row);
    this.lastSync = startedAt;
    this.loaded = true;
    this.logger.info({ phones: this.byPhone.size }, 'caller directory loaded');
  }

  async refreshClient(clientId: string): Promise<void> {
    const rows: CallerFactsRow[] = await this.dataSource.query(`${CALLER_FACTS_SQL} WHERE c.id = $1`, [clientId]);
    for (const phone of this.phonesOf.get(clientId) ?? []) this.byPhone.delete(phone);
    this.phonesOf.delete(clientId);
    for (const row of rows) this.put(row);
  }

  /** Clients changed since the last sync, or whose deals opened, moved or closed. */
  async syncChanges(): Promise<void> {
    const since = new Date(this.lastSync.getTime() - 2000);
    const startedAt = new Date();
    const rows: CallerFactsRow[] = await this.dataSource.query(
      `${CALLER_FACTS_SQL} WHERE c.updated_at > $1 OR c.id IN (SELECT client_id FROM deals WHERE greatest(opened_at, stage_changed_at, coalesce(closed_at, opened_at)) > $1)`,
      [since],
    );
    for (const row of rows) this.put(row);
    this.lastSync = startedAt;
  }

  private put(row: CallerFactsRow): void {
    const previous = this.byPhone.get(row.e164);
    if (previous && previous.clientId !== row.client_id) this.phonesOf.get(previous.clientId)?.delete(row.e164);
    this.byPhone.set(row.e164, toCallerFacts(row));
    let phones = this.phonesOf.get(row.client_id);
    if (!phones) {
      phones = new Set();
      this.phonesOf.set(row.client_id, phones);
    }
    phones.add(row.e164);
  }
}
