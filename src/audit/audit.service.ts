import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Principal } from '../auth/principal';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  actor: Principal | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  outcome?: 'allowed' | 'denied';
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.entries.insert({
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      outcome: entry.outcome ?? 'allowed',
      details: (entry.details ?? {}) as AuditEntry['details'] & object,
    });
  }
}
