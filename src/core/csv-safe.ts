import { stringify } from 'csv-stringify/sync';

/**
 * CSV formula ("CSV injection") neutralisation, OWASP's rule: a cell that a spreadsheet would read
 * as a formula — one starting with `=`, `+`, `-`, `@`, a tab or a carriage return — is written with
 * a leading `'`, which Excel, LibreOffice and Google Sheets show as text and never evaluate.
 *
 * Numbers. A cell that is nothing but a plain signed decimal number (`-5`, `-1500.50`, `+79123456789`,
 * an E.164 phone) is left as it is, whether it was a typed number or a string: a spreadsheet reads it
 * as that number and nothing else — no function, no reference, no DDE (`|`) can hide in digits — so
 * the prefix would only corrupt negative amounts and every phone number for every reader of the file
 * (and break an export's round trip through the import). Anything else after the sign (`-2+3+cmd|…`,
 * `+1-2`, `-5 5`, `-1e3`) is prefixed.
 *
 * Every CSV the product writes goes through `csvRow`/`csvLines` (people, companies and deals exports,
 * an import's errors.csv); the security suite reuses `neutraliseCsvCell` and `isFormulaCell`.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/** Would a spreadsheet read this cell as a formula (before neutralisation)? */
export function isFormulaCell(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** The cell as written: prefixed with `'` when it would be read as a formula. */
export function neutraliseCsvCell(text: string): string {
  return isFormulaCell(text) ? `'${text}` : text;
}

/** A value as CSV text: empty for null, arrays joined with ", ", dates as ISO, objects as JSON; then neutralised. */
export function csvCell(v: unknown): string {
  return neutraliseCsvCell(cellText(v));
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => cellText(x)).join(', ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One CSV line (with its line break) of safe cells. */
export function csvRow(cells: unknown[]): string {
  return stringify([cells.map(csvCell)]);
}

/** Several CSV lines of safe cells. */
export function csvLines(rows: unknown[][]): string {
  return rows.length ? stringify(rows.map((r) => r.map(csvCell))) : '';
}
