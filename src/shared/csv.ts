import type { ExportRow } from './domain/message';

/** The columns of an exported CSV, in order (the CLI and the console write the same file). */
export const EXPORT_CSV_COLUMNS: readonly (keyof ExportRow)[] = [
  'id',
  'createdAt',
  'direction',
  'protocol',
  'peerName',
  'traceId',
  'idempotencyKey',
  'status',
  'taskState',
  'contextId',
  'taskId',
  'encrypted',
  'content',
  'attachments',
];

/**
 * One CSV field (RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled). A text that starts
 * like a spreadsheet formula gets a leading apostrophe: an exported message must not run in the operator's
 * spreadsheet (OWASP "CSV injection"). Written by hand: it is these six lines, and a library would add nothing.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header line of an exported CSV (CRLF-terminated, as RFC 4180 has it). */
export function csvHeader(): string {
  return `${EXPORT_CSV_COLUMNS.join(',')}\r\n`;
}

/** One exported message as a CSV line (CRLF-terminated). */
export function csvLine(row: ExportRow): string {
  return `${EXPORT_CSV_COLUMNS.map((column) => csvField(column === 'attachments' ? attachmentsField(row.attachments) : row[column])).join(',')}\r\n`;
}

/** Files in one cell: "name (type, N bytes, sha256 …)" separated by "; ". */
function attachmentsField(files: ExportRow['attachments']): string {
  return files.map((file) => `${file.name} (${[file.mediaType, file.size === null ? null : `${file.size} bytes`, file.sha256 ? `sha256 ${file.sha256}` : null, file.url].filter(Boolean).join(', ')})`).join('; ');
}
