import { useCallback, useEffect, useRef, useState } from 'react';
import { csvHeader, csvLine } from '@shared/csv';
import type { ExportRow, MessageFilter } from '@shared/domain/message';
import { useExportMessages } from '../../api/queries';
import { downloadFile } from './download-file';

export type ExportFormat = 'jsonl' | 'csv';

export type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; written: number }
  | { phase: 'done'; written: number; fileName: string }
  | { phase: 'cancelled'; written: number }
  | { phase: 'failed'; written: number; error: unknown };

const FORMATS: Record<ExportFormat, { type: string; header: string; line: (row: ExportRow) => string }> = {
  // The same bytes as `switchboard messages export --format …`: one JSON object a line, or RFC 4180 CSV.
  jsonl: { type: 'application/x-ndjson', header: '', line: (row) => `${JSON.stringify(row)}\n` },
  csv: { type: 'text/csv', header: csvHeader(), line: csvLine },
};

/** `switchboard-messages-2026-12-01.jsonl`: the local date the export was made. */
export function exportFileName(format: ExportFormat, at: Date): string {
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `switchboard-messages-${day}.${format}`;
}

/**
 * An export of the timeline as it is filtered: pages the node's export (whole texts, oldest first) up to the
 * newest message shown when it started, counts what it has, and downloads one file at the end. Cancel stops
 * between pages and saves nothing; leaving the screen cancels too.
 */
export function useTimelineExport(filter: MessageFilter, upToId: number | null) {
  const exportMessages = useExportMessages();
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const running = useRef<AbortController | null>(null);
  useEffect(() => () => running.current?.abort(), []);

  const start = useCallback(
    (format: ExportFormat) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      const { type, header, line } = FORMATS[format];
      // One string per page: a Blob of 100,000 rows is then 100 parts, not 100,000.
      const parts: string[] = header ? [header] : [];
      let written = 0;
      setState({ phase: 'running', written });
      void exportMessages(filter, {
        upToId,
        signal: controller.signal,
        onPage: (rows) => {
          parts.push(rows.map(line).join(''));
          written += rows.length;
          setState({ phase: 'running', written });
        },
      }).then(
        () => {
          if (controller.signal.aborted) return;
          running.current = null;
          const fileName = exportFileName(format, new Date());
          downloadFile(fileName, parts, type);
          setState({ phase: 'done', written, fileName });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          running.current = null;
          setState({ phase: 'failed', written, error });
        },
      );
    },
    [exportMessages, filter, upToId],
  );

  const cancel = useCallback(() => {
    const controller = running.current;
    if (!controller || controller.signal.aborted) return;
    controller.abort();
    setState((current) => ({ phase: 'cancelled', written: current.phase === 'idle' ? 0 : current.written }));
  }, []);

  const reset = useCallback(() => {
    running.current?.abort();
    running.current = null;
    setState({ phase: 'idle' });
  }, []);

  return { state, start, cancel, reset };
}
