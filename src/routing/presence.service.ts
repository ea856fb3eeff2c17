import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { canSeeRep, canSeeTeam, requireVisible } from '../auth/access.policy';
import { Principal } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { ProcessFaultCounts, ProcessFaults } from '../common/process/process-faults';
import { InboundRouterService } from './inbound-router.service';
import { publicView, RepRosterService } from './rep-roster.service';
import { LatencySummary, RoutingMetrics } from './routing-metrics';
import { RosterRep } from './roster.types';

/** Reps pause and resume themselves; supervisors see and steer their team's floor. */
@Injectable()
export class PresenceService {
  constructor(
    private readonly roster: RepRosterService,
    private readonly router: InboundRouterService,
    private readonly metrics: RoutingMetrics,
    private readonly audit: AuditService,
    private readonly processFaults: ProcessFaults,
  ) {}

  pauseSelf(actor: Principal, reason: string): Record<string, unknown> {
    const rep = this.ownRep(actor);
    if (rep.state === 'on-call' || rep.state === 'ringing') throw new DomainError('INVALID_STATE', `Cannot pause while ${rep.state}; pause after the call`);
    return publicView(this.roster.apply(rep.id, { type: 'pause', reason }) as RosterRep);
  }

  resumeSelf(actor: Principal): Record<string, unknown> {
    const rep = this.ownRep(actor);
    return publicView(this.roster.apply(rep.id, { type: 'resume' }) as RosterRep);
  }

  async force(actor: Principal, repId: string, state: 'available' | 'paused' | 'offline', reason?: string): Promise<Record<string, unknown>> {
    const rep = requireVisible(this.roster.get(repId), (found) => canSeeTeam(actor, found.teamId), 'rep', repId);
    if (rep.state === 'on-call' || rep.state === 'ringing') throw new DomainError('INVALID_STATE', `Rep is ${rep.state}; change the state after the call`);
    const updated = this.roster.apply(repId, { type: 'force', state, reason }) as RosterRep;
    await this.audit.record({ actor, action: 'rep.force-state', entityType: 'rep', entityId: repId, details: { state, reason: reason ?? null } });
    return publicView(updated);
  }

  floor(actor: Principal): Record<string, unknown>[] {
    return this.roster
      .list()
      .filter((rep) => canSeeRep(actor, rep))
      .map(publicView);
  }

  queue(actor: Principal): Record<string, unknown>[] {
    const now = Date.now();
    return this.router
      .waiting()
      .filter((call) => actor.role === 'admin' || (call.ownerRepId !== null && this.roster.get(call.ownerRepId)?.teamId === actor.teamId) || call.ownerRepId === null)
      .map((call) => ({ callId: call.callId, caller: call.callerE164, clientId: call.clientId, phase: call.phase, waitingSeconds: Math.round((now - call.enqueuedAt.getTime()) / 1000), ringingRepId: call.offer?.repId ?? null }));
  }

  routingMetrics(): { offerLatencyMs: LatencySummary; eventDeliveryMs: LatencySummary; eventLoopDelayMs: LatencySummary; connected: number; processFaults: ProcessFaultCounts } {
    return { offerLatencyMs: this.metrics.summary(), eventDeliveryMs: this.metrics.deliverySummary(), eventLoopDelayMs: this.metrics.loopDelaySummary(), connected: this.metrics.connected, processFaults: this.processFaults.snapshot() };
  }

  resetRoutingLatency(): void {
    this.metrics.reset();
  }

  private ownRep(actor: Principal): RosterRep {
    if (!actor.repId) throw forbidden('Only reps have a presence');
    const rep = this.roster.get(actor.repId);
    if (!rep) throw new DomainError('INVALID_STATE', 'This rep is disabled');
    return rep;
  }
}
