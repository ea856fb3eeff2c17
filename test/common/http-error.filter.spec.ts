import { AriRequestError, AriUnavailableError } from '../../src/telephony/ari/ari-errors';
import { DomainError } from '../../src/common/errors/domain-error';
import { toHttpError } from '../../src/common/errors/http-error.filter';
import { QueryFailedError } from 'typeorm';

describe('toHttpError', () => {
  it('names the ARI request Asterisk refused, without its response body', () => {
    const { status, body } = toHttpError(new AriRequestError(422, 'POST', '/bridges/b-1/addChannel', 'Channel not in Stasis application'));
    expect(status).toBe(502);
    expect(body).toEqual({ code: 'ARI_REQUEST_FAILED', message: 'Asterisk refused POST /bridges/b-1/addChannel (422)' });
  });

  it('turns a vanished ARI resource into 404 and an unreachable Asterisk into 503', () => {
    expect(toHttpError(new AriRequestError(404, 'DELETE', '/channels/c-1', '')).status).toBe(404);
    expect(toHttpError(new AriUnavailableError('GET', '/asterisk/info', 'ECONNREFUSED'))).toMatchObject({ status: 503, body: { code: 'ARI_UNAVAILABLE' } });
  });

  it('keeps a domain error its code, message and details, and hides anything unknown', () => {
    expect(toHttpError(new DomainError('DO_NOT_CALL', 'Client asked not to be called', { clientId: 'x' }))).toEqual({ status: 409, body: { code: 'DO_NOT_CALL', message: 'Client asked not to be called', details: { clientId: 'x' } } });
    expect(toHttpError(new Error('database password is hunter2'))).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'Internal error' } });
  });

  it.each([
    ['23503', 'fk_campaigns_team', 409, 'CONFLICT'],
    ['23505', 'uq_users_login', 409, 'CONFLICT'],
    ['23502', undefined, 400, 'VALIDATION_FAILED'],
    ['22001', undefined, 400, 'VALIDATION_FAILED'],
    ['22P02', undefined, 400, 'VALIDATION_FAILED'],
  ])('maps PostgreSQL %s (%s) that no service caught to %i %s, without the SQL or the value', (sqlState, constraint, status, code) => {
    const driverError = Object.assign(new Error('insert or update on table "campaigns" violates foreign key constraint; Key (team_id)=(secret-value)'), { code: sqlState, constraint });
    const { status: mapped, body } = toHttpError(new QueryFailedError('INSERT INTO campaigns ... secret-value', [], driverError));
    expect([mapped, body.code]).toEqual([status, code]);
    expect(JSON.stringify(body)).not.toMatch(/secret-value|INSERT/);
    expect(body.details).toEqual(constraint ? { sqlState, constraint } : { sqlState });
  });

  it('leaves other database failures a 500', () => {
    const driverError = Object.assign(new Error('connection terminated'), { code: '57P01' });
    expect(toHttpError(new QueryFailedError('SELECT 1', [], driverError))).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'Internal error' } });
  });
});
