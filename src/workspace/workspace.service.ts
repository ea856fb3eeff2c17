import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../auth/principal';
import { DomainError, forbidden } from '../common/errors/domain-error';
import { Rep } from '../org/rep.entity';
import { BrowserSipSession, SipAccountService } from '../org/sip-account.service';

/** What the workspace page needs from the rest of the service, for the logged-in rep only. */
@Injectable()
export class WorkspaceService {
  constructor(
    @InjectRepository(Rep) private readonly reps: Repository<Rep>,
    private readonly sipAccounts: SipAccountService,
    private readonly audit: AuditService,
  ) {}

  async softphoneSession(actor: Principal): Promise<BrowserSipSession & { repId: string; displayName: string }> {
    if (!actor.repId) throw forbidden('Only reps have a softphone');
    const rep = await this.reps.findOne({ where: { id: actor.repId }, relations: { user: true } });
    if (!rep?.enabled) throw new DomainError('INVALID_STATE', 'This rep is disabled');
    const session = await this.sipAccounts.issueBrowserSession(rep);
    await this.audit.record({ actor, action: 'rep.browser-sip-session', entityType: 'rep', entityId: rep.id });
    return { ...session, repId: rep.id, displayName: rep.user?.displayName ?? actor.login };
  }
}
