import { CsvTargetRow } from '../../src/dialer/target-csv.parser';
import { NO_CLIENT_IN_REACH, NOT_THE_CLIENTS_DEAL, resolveTargetRows } from '../../src/dialer/target-scope.policy';

describe('which CSV targets a campaign may call', () => {
  const TEAM_A = 'team-a';
  const TEAM_B = 'team-b';
  const phones = new Map([
    ['+491510000001', { clientId: 'client-a', ownerTeamId: TEAM_A }],
    ['+491510000002', { clientId: 'client-b', ownerTeamId: TEAM_B }],
    ['+491510000003', { clientId: 'lead', ownerTeamId: null }],
  ]);
  const deals = new Map([
    ['deal-a', 'client-a'],
    ['deal-b', 'client-b'],
  ]);
  const row = (phone: string, clientId: string | null = null, dealId: string | null = null): CsvTargetRow => ({ line: 2, phone, clientId, dealId });

  it.each([
    ['own team\'s client', TEAM_A, row('+491510000001', 'client-a', 'deal-a'), []],
    ['an unowned lead', TEAM_A, row('+491510000003'), []],
    ['another team\'s client, by number', TEAM_A, row('+491510000002'), [['phone', NO_CLIENT_IN_REACH]]],
    ['another team\'s client, by number and id', TEAM_A, row('+491510000002', 'client-b'), [['phone', NO_CLIENT_IN_REACH]]],
    ['a number nobody has', TEAM_A, row('+491510000009'), [['phone', NO_CLIENT_IN_REACH]]],
    ['another team\'s deal on an own client', TEAM_A, row('+491510000001', null, 'deal-b'), [['deal_id', NOT_THE_CLIENTS_DEAL]]],
    ['a deal that does not exist', TEAM_A, row('+491510000001', null, 'deal-x'), [['deal_id', NOT_THE_CLIENTS_DEAL]]],
    ['own client with a wrong client id', TEAM_A, row('+491510000001', 'client-b'), [['client_id', "this number is not this client's"]]],
    ['another team\'s client in a campaign without a team', null, row('+491510000002', 'client-b', 'deal-b'), []],
  ])('%s (campaign team %s)', (_case, team, input, problems) => {
    const result = resolveTargetRows([input], phones, deals, team);
    expect(result.errors.map((error) => [error.field, error.message])).toEqual(problems);
  });

  it('a refusal reads the same whether the row exists in another team or nowhere', () => {
    const elsewhere = resolveTargetRows([row('+491510000002', 'client-b', 'deal-b')], phones, deals, TEAM_A).errors;
    const nowhere = resolveTargetRows([row('+491510000009', 'client-z', 'deal-z')], phones, deals, TEAM_A).errors;
    expect(elsewhere).toEqual(nowhere);
  });
});
