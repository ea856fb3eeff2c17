import { CsvError, parse } from 'csv-parse/sync';
import { normalizeE164 } from '../common/phone/e164';
import { isUuid } from '../common/validation/uuid';

export interface CsvTargetRow {
  line: number;
  phone: string;
  clientId: string | null;
  dealId: string | null;
}

export interface CsvRowError {
  line: number;
  field: string;
  message: string;
}

export const MAX_CSV_ROWS = 10_000;
const COLUMNS = ['phone', 'client_id', 'deal_id'] as const;

/** One CSV record and the line of the file it starts on (a quoted field may span lines). */
interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Pure: CSV text → rows, or every row error (line numbers as a text editor shows them, header = 1;
 * a row whose quoted field spans lines is named by its first line). Header required; columns
 * phone (E.164, required), client_id and deal_id (optional UUIDs). RFC 4180 quoting (commas,
 * "" and line breaks inside quotes), a BOM and CRLF or LF line ends are read by csv-parse. A record
 * the reader cannot read (an unclosed quote) ends the file there: nothing after it can be told
 * apart reliably. Duplicate numbers are an error, not a merge.
 */
export function parseTargetsCsv(text: string): { rows: CsvTargetRow[]; errors: CsvRowError[] } {
  const read = readRecords(text);
  const errors: CsvRowError[] = read.error ? [read.error] : [];
  const [header, ...records] = read.records;
  if (!header) return { rows: [], errors: errors.length > 0 ? errors : [headerError([])] };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !names.includes('phone')) return { rows: [], errors: [headerError(names)] };
  const rows: CsvTargetRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (rows.length + errors.length >= MAX_CSV_ROWS) {
      errors.push({ line: record.line, field: 'file', message: `at most ${MAX_CSV_ROWS} rows per upload` });
      break;
    }
    const before = errors.length;
    const row = readRow(record, names, seen, errors);
    if (row && errors.length === before) {
      seen.set(row.phone, row.line);
      rows.push(row);
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, field: 'file', message: 'no rows' });
  errors.sort((a, b) => a.line - b.line);
  return { rows: errors.length > 0 ? [] : rows, errors };
}

function headerError(names: string[]): CsvRowError {
  return { line: 1, field: 'header', message: `columns must be phone[,client_id][,deal_id]; got ${names.join(',') || '(empty)'}` };
}

function readRow(record: CsvRecord, names: string[], seen: Map<string, number>, errors: CsvRowError[]): CsvTargetRow | null {
  const { line, fields } = record;
  if (fields.length !== names.length) {
    errors.push({ line, field: 'row', message: `expected ${names.length} fields, got ${fields.length}` });
    return null;
  }
  const value = (column: string): string => (fields[names.indexOf(column)] ?? '').trim();
  const rawPhone = value('phone');
  const phone = /^(\+|00)/.test(rawPhone) ? normalizeE164(rawPhone) : null;
  if (!phone) errors.push({ line, field: 'phone', message: `"${rawPhone.slice(0, 32)}" is not an E.164 number (+<country><number>)` });
  const clientId = value('client_id') || null;
  const dealId = value('deal_id') || null;
  if (clientId && !isUuid(clientId)) errors.push({ line, field: 'client_id', message: 'must be a UUID' });
  if (dealId && !isUuid(dealId)) errors.push({ line, field: 'deal_id', message: 'must be a UUID' });
  if (phone && seen.has(phone)) errors.push({ line, field: 'phone', message: `duplicate of line ${seen.get(phone)}` });
  return phone ? { line, phone, clientId: clientId?.toLowerCase() ?? null, dealId: dealId?.toLowerCase() ?? null } : null;
}

const LF = 0x0a;
const BLANK = new Set([0x0a, 0x0d, 0x20, 0x09]);

/**
 * The records with the line each starts on, and the error that stopped the reader (if any), with
 * the records read before it. The text is read as bytes because csv-parse reports byte offsets
 * (BOM included); a record starts at the first non-blank byte after the previous record's end.
 */
function readRecords(text: string): { records: CsvRecord[]; error: CsvRowError | null } {
  const bytes = Buffer.from(text, 'utf8');
  let scanned = 0;
  let line = 1;
  const lineAt = (offset: number): number => {
    let start = offset;
    while (start < bytes.length && BLANK.has(bytes[start])) start += 1;
    for (; scanned < start; scanned += 1) if (bytes[scanned] === LF) line += 1;
    return line;
  };
  const records: CsvRecord[] = [];
  let end = 0;
  try {
    parse(bytes, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // A quote inside an unquoted field (12"3) is a character, as a spreadsheet writes it.
      relax_quotes: true,
      // Both line ends in one file (lists pasted together); csv-parse would otherwise keep the first it sees.
      record_delimiter: ['\r\n', '\n'],
      on_record: (record: string[], context) => {
        // A line of spaces only is blank: trim leaves one empty field.
        if (!(record.length === 1 && record[0] === '')) records.push({ line: lineAt(end), fields: record });
        end = context.bytes;
        return null;
      },
    });
    return { records, error: null };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = lineAt(end);
    const message = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'unterminated quoted field' : `unreadable CSV: ${error.message.replace(/ at line \d+.*$/s, '')}`;
    return { records, error: { line: at, field: at === 1 ? 'header' : 'row', message } };
  }
}
