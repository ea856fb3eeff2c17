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
 * The one read on the routing path: who is calling, who owns them, their open deal. One indexed
 * statement (uq_client_phones_e164, ix_deals_client_status) returning four columns; no entity
 * hydration, because every millisecond here is a millisecond of the caller's silence.
 */
const LOOKUP = `
  SELECT c.id AS client_id, c.owner_rep_id, c.temperature, d.id AS deal_id
  FROM client_phones p
  JOIN clients c ON c.id = p.client_id
  LEFT JOIN deals d ON d.client_id = c.id AND d.status = 'open'
  WHERE p.e164 = $1
  LIMIT 1`;

@Injectable()
export class CallerLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(e164: string): Promise<CallerFacts | null> {
    const [row] = await this.dataSource.query(LOOKUP, [e164]);
    if (!row) return null;
    return { clientId: row.client_id, ownerRepId: row.owner_rep_id, dealId: row.deal_id, temperature: row.temperature };
  }
}
