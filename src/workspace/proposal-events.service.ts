import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/logger';
import { ROOT_LOGGER } from '../common/logging/logging.module';
import { TasksService } from '../crm/tasks.service';
import { LivePublisher } from '../live/live-publisher';
import { CrmEventDto, CrmEventResultDto } from './dto/crm-event.dto';

interface DealScope {
  id: string;
  client_id: string;
  client_name: string;
  owner_rep_id: string | null;
  team_id: string | null;
  phone: string | null;
}

/**
 * "Call now: the client is reading the proposal". One signed CRM event → a call-now task for the
 * deal's owner (it leads their next call for rules.workspace.callNowWindowMinutes), a toast on the
 * owner's workspace, a live event for the dashboards, and sms.requested to the CRM. The event id
 * is the key: the task's dedupe key and proposal_events' primary key, so a resent event does
 * nothing twice.
 */
@Injectable()
export class ProposalEventsService {
  private readonly logger: AppLogger;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly events: DomainEvents,
    private readonly live: LivePublisher,
    @Inject(ROOT_LOGGER) rootLogger: AppLogger,
  ) {
    this.logger = rootLogger.child({ module: 'proposal-events' });
  }

  async proposalOpened(event: CrmEventDto, now = new Date()): Promise<CrmEventResultDto> {
    const dealId = event.data.dealId;
    const [deal] = await this.db.query<DealScope[]>(
      `SELECT d.id, d.client_id, c.name AS client_name, d.owner_rep_id, r.team_id,
              (SELECT p.e164 FROM client_phones p WHERE p.client_id = c.id ORDER BY p.id LIMIT 1) AS phone
         FROM deals d JOIN clients c ON c.id = d.client_id LEFT JOIN reps r ON r.id = d.owner_rep_id WHERE d.id = $1`,
      [dealId],
    );
    if (!deal) throw notFound('deal', dealId);
    const { task } = await this.tasks.createIfAbsent({
      type: 'call-now',
      clientId: deal.client_id,
      dealId: deal.id,
      assigneeRepId: deal.owner_rep_id,
      dueAt: now,
      reason: 'Call now: the client is reading the proposal',
      dedupeKey: `call-now:${event.id}`.slice(0, 120),
    });
    const [inserted] = await this.db.query<Array<{ received_at: Date }>>(
      `INSERT INTO proposal_events (event_id, deal_id, task_id) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT pk_proposal_events DO NOTHING RETURNING received_at`,
      [event.id, deal.id, task.id],
    );
    if (!inserted) {
      const [first] = await this.db.query<Array<{ received_at: Date }>>(`SELECT received_at FROM proposal_events WHERE event_id = $1`, [event.id]);
      return result(event.id, deal, task.id, first?.received_at ?? now, true);
    }
    this.announce(event.id, deal, task.id, now);
    this.logger.info({ eventId: event.id, dealId: deal.id, taskId: task.id, ownerRepId: deal.owner_rep_id }, 'proposal opened: call-now task');
    return result(event.id, deal, task.id, inserted.received_at, false);
  }

  private announce(eventId: string, deal: DealScope, taskId: string, now: Date): void {
    const payload = { eventId, dealId: deal.id, clientId: deal.client_id, clientName: deal.client_name, phone: deal.phone, taskId, ownerRepId: deal.owner_rep_id, at: now.toISOString() };
    if (deal.owner_rep_id) this.live.publishToRep(deal.owner_rep_id, 'call-now', payload);
    this.live.publish('proposal.opened', { teamId: deal.team_id, repId: deal.owner_rep_id }, payload);
    this.events.emit('proposal.opened', { eventId, dealId: deal.id, clientId: deal.client_id, ownerRepId: deal.owner_rep_id, teamId: deal.team_id, taskId, at: now });
    this.events.emit('sms.requested', { sourceEventId: eventId, reason: 'proposal.opened', clientId: deal.client_id, dealId: deal.id, phone: deal.phone, ownerRepId: deal.owner_rep_id, at: now });
  }
}

function result(eventId: string, deal: DealScope, taskId: string, receivedAt: Date, duplicate: boolean): CrmEventResultDto {
  return { eventId, dealId: deal.id, taskId, assigneeRepId: deal.owner_rep_id, receivedAt: new Date(receivedAt).toISOString(), duplicate };
}
