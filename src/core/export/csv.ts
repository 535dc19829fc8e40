// RFC 4180 CSV: CRLF between records, fields quoted when they hold a comma, a quote, CR or LF,
// quotes doubled inside. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
// the start: OWASP "CSV injection") get a leading apostrophe, so an auditor opening the file in a
// spreadsheet sees the text a person typed instead of running it.

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted and neutralised as needed. Linear in its length. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record (no line ending). */
export function csvRow(fields: readonly (string | number | boolean | null | undefined)[]): string {
  return fields.map(csvField).join(',');
}

/** A whole document: header, rows, each ended by CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [csvRow(header), ...rows.map(csvRow)].map((line) => `${line}\r\n`).join('');
}
