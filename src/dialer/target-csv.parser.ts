import { normalizeE164 } from '../common/phone/e164';

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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pure: CSV text → rows, or every row error (line numbers as a spreadsheet shows them, header = 1).
 * Header required; columns phone (E.164, required), client_id and deal_id (optional UUIDs).
 * Quoted fields ("a, b" and "" escapes) are supported. Duplicate numbers are an error, not a merge.
 */
export function parseTargetsCsv(text: string): { rows: CsvTargetRow[]; errors: CsvRowError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: CsvRowError[] = [];
  const header = splitCsvLine(lines[0] ?? '');
  if (!header.ok) return { rows: [], errors: [{ line: 1, field: 'header', message: header.message }] };
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0 || !names.includes('phone')) {
    return { rows: [], errors: [{ line: 1, field: 'header', message: `columns must be phone[,client_id][,deal_id]; got ${names.join(',') || '(empty)'}` }] };
  }
  const rows: CsvTargetRow[] = [];
  const seen = new Map<string, number>();
  for (let index = 1; index < lines.length; index += 1) {
    const lineNo = index + 1;
    if (lines[index].trim() === '') continue;
    if (rows.length + errors.length >= MAX_CSV_ROWS) {
      errors.push({ line: lineNo, field: 'file', message: `at most ${MAX_CSV_ROWS} rows per upload` });
      break;
    }
    const parsed = splitCsvLine(lines[index]);
    if (!parsed.ok) {
      errors.push({ line: lineNo, field: 'row', message: parsed.message });
      continue;
    }
    if (parsed.fields.length !== names.length) {
      errors.push({ line: lineNo, field: 'row', message: `expected ${names.length} fields, got ${parsed.fields.length}` });
      continue;
    }
    const value = (column: string): string => (parsed.fields[names.indexOf(column)] ?? '').trim();
    const rowErrors = errors.length;
    const rawPhone = value('phone');
    const phone = /^(\+|00)/.test(rawPhone) ? normalizeE164(rawPhone) : null;
    if (!phone) errors.push({ line: lineNo, field: 'phone', message: `"${rawPhone.slice(0, 32)}" is not an E.164 number (+<country><number>)` });
    const clientId = value('client_id') || null;
    const dealId = value('deal_id') || null;
    if (clientId && !UUID.test(clientId)) errors.push({ line: lineNo, field: 'client_id', message: 'must be a UUID' });
    if (dealId && !UUID.test(dealId)) errors.push({ line: lineNo, field: 'deal_id', message: 'must be a UUID' });
    if (phone && seen.has(phone)) errors.push({ line: lineNo, field: 'phone', message: `duplicate of line ${seen.get(phone)}` });
    if (errors.length === rowErrors && phone) {
      seen.set(phone, lineNo);
      rows.push({ line: lineNo, phone, clientId: clientId?.toLowerCase() ?? null, dealId: dealId?.toLowerCase() ?? null });
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, field: 'file', message: 'no rows' });
  return { rows: errors.length > 0 ? [] : rows, errors };
}

function splitCsvLine(line: string): { ok: true; fields: string[] } | { ok: false; message: string } {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"' && current.trim() === '') {
      quoted = true;
      current = '';
    } else if (char === ',') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  if (quoted) return { ok: false, message: 'unterminated quoted field' };
  fields.push(current);
  return { ok: true, fields };
}
