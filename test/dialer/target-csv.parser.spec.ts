import { MAX_CSV_ROWS, parseTargetsCsv } from '../../src/dialer/target-csv.parser';

const CLIENT = '11111111-2222-4333-8444-555555555555';
const DEAL = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('parseTargetsCsv: what a spreadsheet writes is read as it means it', () => {
  it.each([
    ['plain LF', 'phone\n+4917012345678\n+4917012345679\n', [[2, '+4917012345678'], [3, '+4917012345679']]],
    ['CRLF', 'phone\r\n+4917012345678\r\n+4917012345679\r\n', [[2, '+4917012345678'], [3, '+4917012345679']]],
    ['CRLF and LF mixed (two lists pasted together)', 'phone\r\n+4917012345678\n+4917012345679\r\n', [[2, '+4917012345678'], [3, '+4917012345679']]],
    ['BOM before the header', '\uFEFFphone\n+4917012345678', [[2, '+4917012345678']]],
    ['quoted fields', `"phone","client_id"\n"+49 (170) 1234567","${CLIENT}"`, [[2, '+491701234567']]],
    ['"" inside quotes, spaces around quotes', 'phone,client_id\n  "+4917012345678"  ,\n+4917012345679,""', [[2, '+4917012345678'], [3, '+4917012345679']]],
    ['blank and space-only lines are skipped but counted', 'phone\n\n   \n+4917012345678\n\n', [[4, '+4917012345678']]],
    ['columns in any order, any case', `Deal_ID,PHONE\n${DEAL},+4917012345678`, [[2, '+4917012345678']]],
  ])('%s', (_name, csv, expected) => {
    const { rows, errors } = parseTargetsCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.map((row) => [row.line, row.phone])).toEqual(expected);
  });

  it('keeps ids lower-case and empty ones null', () => {
    const { rows } = parseTargetsCsv(`phone,client_id,deal_id\n+4917012345678,${CLIENT.toUpperCase()},\n`);
    expect(rows).toEqual([{ line: 2, phone: '+4917012345678', clientId: CLIENT, dealId: null }]);
  });

  it.each([
    ['unclosed quote: named at the line it opens, rows before it still checked', 'phone\nbad\n\n"+4917012345678\n+4917012345679\n', [{ line: 2, field: 'phone' }, { line: 4, field: 'row', message: 'unterminated quoted field' }]],
    ['unclosed quote in the header', 'phone,"client_id\n+4917012345678', [{ line: 1, field: 'header', message: 'unterminated quoted field' }]],
    ['text after a closing quote', 'phone\n"+49170"x\n', [{ line: 2, field: 'row' }]],
    ['a quoted comma stays in its field (one bad phone, not a row of three fields)', `phone,client_id\n"+49 170, 1234567",${CLIENT}\n`, [{ line: 2, field: 'phone', message: '"+49 170, 1234567" is not an E.164 number (+<country><number>)' }]],
    ['a quoted line break stays in its field; the next row is named by its own first line', 'phone,client_id\n"+49170\n1234567",\n+4917012345678,abc\n', [{ line: 2, field: 'phone' }, { line: 4, field: 'client_id', message: 'must be a UUID' }]],
    ['a quoted CRLF line break likewise', 'phone,client_id\r\n+4917012345678,"a\r\nb"\r\n+4917012345679,abc\r\n', [{ line: 2, field: 'client_id' }, { line: 4, field: 'client_id' }]],
    ['a duplicate after a multi-line row names the line the number first stood on', 'phone,client_id\n+4917012345678,\n"+49170\n99",\n+4917012345678,\n', [{ line: 3, field: 'phone' }, { line: 5, field: 'phone', message: 'duplicate of line 2' }]],
    ['a missing field', 'phone,client_id\n+4917012345678', [{ line: 2, field: 'row', message: 'expected 2 fields, got 1' }]],
    ['an empty file', '', [{ line: 1, field: 'header', message: 'columns must be phone[,client_id][,deal_id]; got (empty)' }]],
  ])('%s', (_name, csv, expected) => {
    const { rows, errors } = parseTargetsCsv(csv);
    expect(rows).toEqual([]);
    expect(errors).toEqual(expected.map((error) => expect.objectContaining(error)));
  });

  it(`stops at ${MAX_CSV_ROWS} rows`, () => {
    const numbers = Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `+4917${String(10_000_000 + i)}`);
    const { rows, errors } = parseTargetsCsv(`phone\n${numbers.join('\n')}\n`);
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ line: MAX_CSV_ROWS + 2, field: 'file', message: `at most ${MAX_CSV_ROWS} rows per upload` }]);
  });
});
