import { QueryFailedError } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, PgErrorCode, pgErrorOf } from '../../src/common/errors/postgres-errors';

/** The shape node-postgres gives a refused statement (fields on the error itself). */
function pgError(fields: { code: string; constraint?: string; detail?: string }): Error {
  return Object.assign(new Error('refused'), fields);
}
const wrapped = (fields: { code: string; constraint?: string; detail?: string }): QueryFailedError => new QueryFailedError('INSERT …', [], pgError(fields));

describe('PostgreSQL error predicates', () => {
  it.each<[string, unknown, string | undefined, boolean, boolean]>([
    ['unique, wrapped by TypeORM', wrapped({ code: '23505', constraint: 'uq_a' }), undefined, true, false],
    ['unique, the named constraint', wrapped({ code: '23505', constraint: 'uq_a' }), 'uq_a', true, false],
    ['unique, another constraint', wrapped({ code: '23505', constraint: 'uq_b' }), 'uq_a', false, false],
    ['unique, raw driver error', pgError({ code: '23505', constraint: 'uq_a' }), 'uq_a', true, false],
    ['foreign key', wrapped({ code: '23503', constraint: 'fk_tasks_deal' }), undefined, false, true],
    ['not null', wrapped({ code: '23502' }), undefined, false, false],
    ['a connection error (code is not SQLSTATE)', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), undefined, false, false],
    ['not an error', 'oops', undefined, false, false],
    ['null', null, undefined, false, false],
  ])('%s', (_name, error, constraint, unique, foreignKey) => {
    expect(isUniqueViolation(error, constraint)).toBe(unique);
    expect(isForeignKeyViolation(error, constraint)).toBe(foreignKey);
  });

  it('reads code, constraint and detail from either shape', () => {
    const fields = { code: PgErrorCode.UniqueViolation, constraint: 'uq_client_phones_e164', detail: 'Key (e164)=(+4930123456) already exists.' };
    expect(pgErrorOf(wrapped(fields))).toEqual({ ...fields, column: undefined });
    expect(pgErrorOf(pgError(fields))).toEqual({ ...fields, column: undefined });
    expect(pgErrorOf(new Error('plain'))).toBeNull();
  });
});
