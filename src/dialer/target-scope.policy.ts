import { CsvRowError, CsvTargetRow } from './target-csv.parser';

/** A stored number, with the team of its client's owner (null: an unowned lead). */
export interface KnownPhone {
  clientId: string;
  ownerTeamId: string | null;
}

export interface ResolvedTarget {
  clientId: string;
  dealId: string | null;
  phone: string;
}

export const NO_CLIENT_IN_REACH = "no client of this campaign's team has this number";
export const NOT_THE_CLIENTS_DEAL = "not a deal of this row's client";

/**
 * A team's campaign calls its own team's clients (and unowned leads, which every team may work);
 * a campaign without a team (an admin's) calls anyone.
 */
export function inCampaignReach(phone: KnownPhone, campaignTeamId: string | null): boolean {
  return campaignTeamId === null || phone.ownerTeamId === null || phone.ownerTeamId === campaignTeamId;
}

/**
 * Pure: parsed CSV rows → targets, or every row's problem. A number or deal outside the
 * campaign's reach gets exactly the message of one that does not exist, so an upload cannot
 * probe other teams' numbers, clients or deals.
 */
export function resolveTargetRows(
  rows: readonly CsvTargetRow[],
  phones: ReadonlyMap<string, KnownPhone>,
  dealClients: ReadonlyMap<string, string>,
  campaignTeamId: string | null,
): { rows: ResolvedTarget[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const resolved: ResolvedTarget[] = [];
  for (const row of rows) {
    const known = phones.get(row.phone);
    const owner = known && inCampaignReach(known, campaignTeamId) ? known.clientId : null;
    if (!owner) errors.push({ line: row.line, field: 'phone', message: NO_CLIENT_IN_REACH });
    else if (row.clientId && row.clientId !== owner) errors.push({ line: row.line, field: 'client_id', message: 'this number is not this client\'s' });
    if (row.dealId && (!owner || dealClients.get(row.dealId) !== owner)) errors.push({ line: row.line, field: 'deal_id', message: NOT_THE_CLIENTS_DEAL });
    if (owner) resolved.push({ clientId: owner, dealId: row.dealId, phone: row.phone });
  }
  return { rows: resolved, errors };
}
