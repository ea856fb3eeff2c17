import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CallJournalService } from '../calls/call-journal.service';
import { InboundCall } from './inbound-call';

/**
 * What an escalation writes, on the call's own journal chain (in order with the call's other rows):
 * timeline events, and on a warm hand-over the deal's owner.
 *
 * Ownership rule: the strong seller who takes the client over in a warm escalation becomes the
 * owner of the call's open deal, if the deal was the mid rep's (or nobody's) — the same
 * conditional move as the CRM's ownership moves, audited as `deal.owner-move`. The client's own
 * owner stays: the mid rep keeps the relationship, the strong seller closes this deal. A ladder
 * escalation moves nothing: whoever answers from the ladder is on the call record like any
 * inbound answer.
 */
@Injectable()
export class EscalationRecords {
  constructor(
    private readonly journal: CallJournalService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  event(callId: string, type: string, at: Date, data: Record<string, unknown>): void {
    this.journal.enqueue(callId, () => this.journal.event(callId, type, at, data));
  }

  handedOver(call: InboundCall, fromRepId: string, toRepId: string, at: Date): void {
    const dealId = call.dealId;
    if (!dealId) return;
    this.journal.enqueue(call.callId, async () => {
      const [moved] = await this.db.query(
        `UPDATE deals SET owner_rep_id = $2 WHERE id = $1 AND status = 'open' AND (owner_rep_id = $3 OR owner_rep_id IS NULL) RETURNING id`,
        [dealId, toRepId, fromRepId],
      );
      if (!(moved as unknown[])?.length) return;
      await this.audit.record({ actor: null, action: 'deal.owner-move', entityType: 'deal', entityId: dealId, details: { fromRepId, toRepId, reason: 'warm escalation', callId: call.callId, at: at.toISOString() } });
    });
  }
}
