import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Temperature } from '../crm/client.entity';

export interface CallerFacts {
  clientId: string;
  ownerRepId: string | null;
  dealId: string | null;
  temperature: Temperature;
}

/**
 * The caller-facts statement, shared by the lookup (one number) and the in-memory directory (all
 * numbers, or those changed since a time): who owns a number, the client's temperature, the open
 * deal. Callers append their WHERE clause.
 */
export const CALLER_FACTS_SQL = `
  SELECT p.e164, c.id AS client_id, c.owner_rep_id, c.temperature, d.id AS deal_id
  FROM client_phones p
  JOIN clients c ON c.id = p.client_id
  LEFT JOIN deals d ON d.client_id = c.id AND d.status = 'open'`;

export interface CallerFactsRow {
  e164: string;
  client_id: string;
  owner_rep_id: string | null;
  temperature: Temperature;
  deal_id: string | null;
}

export function toCallerFacts(row: CallerFactsRow): CallerFacts {
  return { clientId: row.client_id, ownerRepId: row.owner_rep_id, dealId: row.deal_id, temperature: row.temperature };
}

/**
 * The one read on the routing path: one indexed statement (uq_client_phones_e164,
 * ix_deals_client_status) returning five columns; no entity hydration, because every millisecond
 * here is a millisecond of the caller's silence.
 */
const LOOKUP = `${CALLER_FACTS_SQL}
  WHERE p.e164 = $1
  LIMIT 1`;

@Injectable()
export class CallerLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(e164: string): Promise<CallerFacts | null> {
    const [row]: CallerFactsRow[] = await this.dataSource.query(LOOKUP, [e164]);
    return row ? toCallerFacts(row) : null;
  }
}
