import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { MessageDetail, MessagePart, MessageSummary } from '@shared/domain/message';
import { messageQuery, useMessage } from '../api/queries';
import { useTransport } from '../api/TransportContext';
import { RemoteText, showBidiControls } from './RemoteText';

/** How much of a long message shows before "Show more": about a screenful of a bubble. */
export const COLLAPSED_CHARS = 600;
export const COLLAPSED_LINES = 12;
// A message only a little over the limit is shown whole: "Show more" for three more words is noise.
const SLACK_CHARS = 100;
const SLACK_LINES = 2;

type Block = { kind: 'text' | 'json' | 'file'; text: string };

/** The text as JSON when all of it is a JSON object or array (an agent's data part arrives as such text). */
function asJson(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value !== null && typeof value === 'object' ? JSON.stringify(value, null, 2) : null;
  } catch {
    return null;
  }
}

function textBlock(text: string): Block {
  const json = asJson(text);
  return json === null ? { kind: 'text', text } : { kind: 'json', text: json };
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file part described, never fetched or opened: its URL is text to copy, not a link. */
function describeFile(part: Extract<MessagePart, { kind: 'file' }>): string {
  return ['file', part.name ?? 'unnamed', part.mediaType, part.size === null ? null : sizeOf(part.size), part.url].filter(Boolean).join(' · ');
}

/** `filesApart`: the message's files are listed beside its text (with Save), so its file parts are not described again. */
function blocksOf(text: string, parts: readonly MessagePart[] | null, filesApart: boolean): Block[] {
  if (!parts || parts.every((part) => part.kind === 'text')) return [textBlock(text)];
  const shown = filesApart ? parts.filter((part) => part.kind !== 'file') : parts;
  return shown.map((part): Block => {
    if (part.kind === 'text') return textBlock(part.text);
    if (part.kind === 'data') return { kind: 'json', text: JSON.stringify(part.data, null, 2) ?? 'null' };
    return { kind: 'file', text: describeFile(part) };
  });
}

function cutAt(text: string, chars: number, lines: number): string {
  let cut = text.split('\n').slice(0, lines).join('\n');
  if (cut.length > chars) cut = cut.slice(0, chars);
  // Never end on half of a surrogate pair (an emoji cut in two shows as a box).
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The first COLLAPSED_CHARS / COLLAPSED_LINES of the blocks, and whether anything was left out. */
function clip(blocks: readonly Block[]): { blocks: Block[]; clipped: boolean } {
  const lineCount = (text: string) => text.split('\n').length;
  const totalChars = blocks.reduce((sum, block) => sum + block.text.length, 0);
  const totalLines = blocks.reduce((sum, block) => sum + lineCount(block.text), 0);
  if (totalChars <= COLLAPSED_CHARS + SLACK_CHARS && totalLines <= COLLAPSED_LINES + SLACK_LINES) return { blocks: [...blocks], clipped: false };
  const kept: Block[] = [];
  let chars = 0;
  let lines = 0;
  for (const block of blocks) {
    const roomChars = COLLAPSED_CHARS - chars;
    const roomLines = COLLAPSED_LINES - lines;
    if (block.text.length <= roomChars && lineCount(block.text) <= roomLines) {
      kept.push(block);
      chars += block.text.length;
      lines += lineCount(block.text);
      continue;
    }
    const cut = roomChars > 0 && roomLines > 0 ? cutAt(block.text, roomChars, roomLines) : '';
    if (cut) kept.push({ ...block, text: cut });
    break;
  }
  return { blocks: kept, clipped: true };
}

/** The "…" of a cut text follows its last word, not a line break or a space. */
function withoutTrailingSpace(blocks: readonly Block[]): Block[] {
  const last = blocks.at(-1);
  return last ? [...blocks.slice(0, -1), { ...last, text: last.text.trimEnd() }] : [];
}

function BlockView({ block, ellipsis }: { block: Block; ellipsis: boolean }) {
  const tail = ellipsis ? <span className="message-ellipsis">…</span> : null;
  if (block.kind === 'json') {
    return (
      <pre className="message-json" data-testid="message-json">
        <RemoteText text={block.text} />
        {tail}
      </pre>
    );
  }
  if (block.kind === 'file') {
    return (
      <div className="message-file muted">
        <RemoteText text={block.text} />
        {tail}
      </div>
    );
  }
  return (
    <div className="message-plain">
      <RemoteText text={block.text} />
      {tail}
    </div>
  );
}

/** Copies the whole text (loading it first when only a preview is here), as shown: bidi controls as markers. */
export function CopyText({ id, text, complete }: { id: number; text: string; complete: boolean }) {
  const transport = useTransport();
  const client = useQueryClient();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      const whole = complete ? text : (await client.fetchQuery(messageQuery(transport, id))).content;
      // What lands on the clipboard is what the operator saw: a hidden override would act again where it is pasted.
      await navigator.clipboard.writeText(showBidiControls(whole));
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" className="link-button small" onClick={() => void copy()} aria-label="Copy message text">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : 'Copy'}
    </button>
  );
}

/**
 * A message's text, wherever it is shown: a long one collapsed to its first lines with "Show more" (which loads
 * the full text when the summary holds only a preview) and "Show less"; JSON (a data part, or text that is all
 * JSON) pretty-printed; a peer's words as text with bidi controls shown, never applied. `detail` is the message
 * in full when the caller already has it (the drawer); `copy` false when the caller places CopyText itself.
 */
export function MessageText({
  message,
  detail,
  testId = 'message-text',
  className = '',
  copy = true,
  filesApart = false,
}: {
  message: Pick<MessageSummary, 'id' | 'content' | 'contentLength'>;
  detail?: Pick<MessageDetail, 'content' | 'parts'>;
  testId?: string;
  className?: string;
  copy?: boolean;
  /** The message's files are shown by the caller (AttachmentList). */
  filesApart?: boolean;
}) {
  const [expanded, setExpanded] = useState(false);
  const cut = !detail && message.contentLength > message.content.length;
  const full = useMessage(message.id, expanded && cut);
  const loaded = detail ?? full.data ?? null;
  const complete = !cut || loaded !== null;
  const text = loaded?.content ?? message.content;
  const parts = loaded?.parts ?? null;
  const blocks = useMemo(() => blocksOf(text, parts, filesApart), [text, parts, filesApart]);
  const clipped = useMemo(() => clip(blocks), [blocks]);
  const long = !complete || clipped.clipped;
  const ellipsis = !(expanded && complete) && long;
  const shown = expanded && complete ? blocks : ellipsis ? withoutTrailingSpace(clipped.blocks) : clipped.blocks;
  return (
    <div className={`message-body ${className}`.trim()}>
      <div className="message-content" data-testid={testId} data-complete={complete && (expanded || !long) ? 'true' : 'false'}>
        {shown.map((block, index) => (
          <BlockView key={index} block={block} ellipsis={ellipsis && index === shown.length - 1} />
        ))}
      </div>
      <div className="message-actions">
        {long ? (
          <button type="button" className="link-button small" aria-expanded={expanded} onClick={() => setExpanded((on) => !on)}>
            {expanded ? 'Show less' : 'Show more'}
          </button>
        ) : null}
        {long && !expanded ? <span className="muted small">{message.contentLength.toLocaleString()} characters</span> : null}
        {expanded && !complete ? <span className="muted small">{full.isError ? 'Could not load the full text.' : 'Loading the full text…'}</span> : null}
        {copy ? <CopyText id={message.id} text={text} complete={complete} /> : null}
      </div>
    </div>
  );
}
