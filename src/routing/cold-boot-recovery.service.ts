import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallOutcome } from '../calls/call.entity';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { AriClient } from '../telephony/ari/ari.client';
import { AriChannel } from '../telephony/ari/ari-resources';
import { CallRegistry } from './call-registry';
import { ColdBootStep, endpointOf, OpenCallRow, planColdBoot } from './cold-boot.policy';
import { callDurations, InboundCall, newInboundCall } from './inbound-call';
import { InboundCallRecords } from './inbound-call-records';
import { RepRosterService } from './rep-roster.service';

/** Calls older than this are not looked at: a row open that long is not a live call. */
const OPEN_CALL_HORIZON_HOURS = 24;

interface OpenCall extends OpenCallRow {
  direction: 'inbound' | 'dialer';
  campaignId: string | null;
  callerE164: string | null;
  clientId: string | null;
  ownerRepId: string | null;
  dealId: string | null;
  teamId: string | null;
  route: string | null;
  enqueuedAt: Date;
  startedAt: Date;
}

/**
 * The first connection to Asterisk after the service (re)started: calls a killed process left
 * open are taken over (still bridged), closed (caller gone) or routed again (still waiting, by the
 * reconciler), and legs and bridges no call accounts for are cleared away.
 */
@Injectable()
export class ColdBootRecoveryService {
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ari: AriClient,
    private readonly calls: CallRegistry,
    private readonly roster: RepRosterService,
    private readonly records: InboundCallRecords,
    @Inject(ROOT_LOGGER) logger: AppLogger,
  ) {
    this.logger = logger.child({ component: 'cold-boot' });
  }

  /** Returns the channels it hung up: the reconciler must not route them as new callers. */
  async recover(channels: AriChannel[], now = new Date()): Promise<Set<string>> {
    const app = await this.ari.getApplication();
    // Only what this Stasis app owns: another app on the same Asterisk (a second deployment, a
    // test run) keeps its channels, its bridges and its live calls. Channels stay in their app
    // across a crash; a bridge holding another app's channel is that app's.
    const ownIds = new Set(app.channelIds);
    const foreign = new Set(channels.filter((channel) => !ownIds.has(channel.id)).map((channel) => channel.id));
    const own = channels.filter((channel) => ownIds.has(channel.id));
    // The routing's call bridges (`call-<call id>`) and any other bridge the app holds.
    const appBridges = (await this.ari.listBridges()).filter(
      (bridge) => (bridge.name.startsWith('call-') || app.bridgeIds.includes(bridge.id)) && !bridge.channelIds.some((id) => foreign.has(id)),
    );
    const open = (await this.openCalls()).filter((call) => !foreign.has(call.channelId));
    // ARI can connect before the roster's first load at bootstrap has finished.
    if (this.roster.list().length === 0) await this.roster.reload();
    const repEndpoints = new Set(this.roster.list().map((rep) => rep.sipEndpoint));
    const steps = planColdBoot(open, own.map((channel) => ({ id: channel.id, context: channel.dialplan.context, name: channel.name })), appBridges, repEndpoints);
    const byId = new Map(open.map((call) => [call.callId, call]));
    const names = new Map(own.map((channel) => [channel.id, channel.name]));
    const hungUp = new Set<string>();
    for (const step of steps) {
      await this.execute(step, byId, names, now).catch((error: unknown) => this.logger.warn({ err: error, step }, 'cold-boot step failed'));
      if (step.type === 'hang-up') hungUp.add(step.channelId);
    }
    const count = (type: ColdBootStep['type']): number => steps.filter((step) => step.type === type).length;
    if (open.length > 0 || steps.length > 0) {
      this.logger.info({ openCalls: open.length, adopted: count('adopt-bridged'), closed: count('close'), hungUp: count('hang-up'), bridgesDestroyed: count('destroy-bridge') }, 'recovered calls left by the previous process');
    }
    return hungUp;
  }

  private async execute(step: ColdBootStep, open: Map<string, OpenCall>, names: Map<string, string>, now: Date): Promise<void> {
    switch (step.type) {
      case 'adopt-bridged':
        return this.adopt(open.get(step.callId) as OpenCall, step.repChannelId, names.get(step.repChannelId) ?? '', now);
      case 'close':
        return this.close(open.get(step.callId) as OpenCall, step.outcome, now);
      case 'hang-up':
        this.logger.info({ channelId: step.channelId, why: step.why }, 'hanging up a leg left by the previous process');
        return this.ari.hangup(step.channelId);
      case 'destroy-bridge':
        return this.ari.destroyBridge(step.bridgeId);
    }
  }

  /** The call is live again in the registry: its hang-up closes it exactly as if nothing happened. */
  private adopt(row: OpenCall, repChannelId: string, repChannelName: string, now: Date): void {
    const repId = row.repId ?? this.roster.list().find((rep) => rep.sipEndpoint === endpointOf(repChannelName))?.id ?? null;
    const call = this.callFrom(row);
    Object.assign(call, { phase: 'connected', bridged: true, bridgeId: row.callId, repId, repTeamId: row.teamId ?? (repId ? (this.roster.get(repId)?.teamId ?? null) : null), repChannelId, route: row.route, answeredAt: row.answeredAt ?? now });
    this.calls.add(call, 'client', row.channelId);
    this.calls.index(call, 'rep', repChannelId);
    if (repId) this.roster.apply(repId, { type: 'answered' }, now);
    call.log.info({ repId }, 'bridged call taken over after a restart');
  }

  private close(row: OpenCall, outcome: CallOutcome, now: Date): void {
    const call = this.callFrom(row);
    Object.assign(call, { phase: 'ended', outcome, repId: row.repId, repTeamId: row.teamId, route: row.route, answeredAt: row.answeredAt, endedAt: now, hangupCause: 'ended while the service was down' });
    call.log.info({ outcome }, 'call closed after a restart: its caller left while the service was down');
    this.records.ended(call, outcome, now, callDurations(call, now));
  }

  private callFrom(row: OpenCall): InboundCall {
    const call = newInboundCall({
      callId: row.callId,
      channelId: row.channelId,
      callerE164: row.callerE164,
      dialed: '',
      startedAt: row.startedAt,
      receivedHr: performance.now(),
      direction: row.direction,
      campaignId: row.campaignId,
      log: this.logger.child({ callId: row.callId, channelId: row.channelId, recovered: true }),
    });
    return Object.assign(call, { enqueuedAt: row.enqueuedAt, clientId: row.clientId, ownerRepId: row.ownerRepId, dealId: row.dealId });
  }

  /** Inbound calls (and dialer calls handed over to a rep) still open in the database. */
  private async openCalls(): Promise<OpenCall[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.id, c.asterisk_channel_id, c.answered_at, c.rep_id, c.direction, c.campaign_id, c.caller_e164, c.client_id, cl.owner_rep_id, c.deal_id, c.team_id, c.route, c.enqueued_at, c.created_at
         FROM calls c LEFT JOIN clients cl ON cl.id = c.client_id
        WHERE c.ended_at IS NULL AND c.direction = 'inbound' AND c.created_at > now() - make_interval(hours => $1)`,
      [OPEN_CALL_HORIZON_HOURS],
    );
    return rows.map((row) => ({
      callId: row.id as string,
      channelId: row.asterisk_channel_id as string,
      answeredAt: (row.answered_at as Date | null) ?? null,
      repId: (row.rep_id as string | null) ?? null,
      direction: row.direction as 'inbound' | 'dialer',
      campaignId: (row.campaign_id as string | null) ?? null,
      callerE164: (row.caller_e164 as string | null) ?? null,
      clientId: (row.client_id as string | null) ?? null,
      ownerRepId: (row.owner_rep_id as string | null) ?? null,
      dealId: (row.deal_id as string | null) ?? null,
      teamId: (row.team_id as string | null) ?? null,
      route: (row.route as string | null) ?? null,
      enqueuedAt: (row.enqueued_at as Date | null) ?? (row.created_at as Date),
      startedAt: row.created_at as Date,
    }));
  }
}
