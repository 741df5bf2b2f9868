import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { MAX_OUTGOING_FILES, type MethodInput } from '@shared/contract';
import { DEFAULT_ATTACHMENT_LIMITS, formatBytes, type AttachmentLimits } from '@shared/domain/attachment';
import type { Peer } from '@shared/domain/peer';
import { mediaTypeForFileName, modesAccept } from '@shared/media-type';
import { useLatestInspection } from '../../api/queries';
import { queryKeys } from '../../api/query-keys';
import { useTransport } from '../../api/TransportContext';
import { fileToBase64 } from '../../components/attachments/file-bytes';
import { protocolUi } from '../../protocols/registry';
import { acceptedInputModes } from './input-modes';

export interface DraftFile {
  key: number;
  file: File;
}

type Outgoing = Pick<MethodInput<'messages.send'>, 'attachments' | 'data'>;

/** What stands before a send: nothing, a problem to fix first, or a warning the operator confirms. */
export type DraftCheck = { kind: 'ok' } | { kind: 'problem'; text: string } | { kind: 'confirm'; text: string };

/**
 * The type a file is sent as: what the browser says when it is a plain media type, else what its name suggests
 * (as the CLI does); the node records it, never trusts it.
 */
function declaredType(file: File): string {
  return file.type.length <= 127 && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : mediaTypeForFileName(file.name);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'it does not parse' };
  }
}

/**
 * The files and JSON data the operator is about to send to a peer whose protocol carries them. Before a send it
 * checks them against the node's limits (a clear sentence rather than a refusal after the upload) and against the
 * input modes the peer's card lists (a warning to confirm: the card may be out of date, the operator decides).
 */
export function useAttachmentDraft(peer: Peer, enabled: boolean) {
  const files = protocolUi(peer.protocol).files ?? null;
  const on = files !== null && enabled;
  const transport = useTransport();
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => transport.call('settings.get', {}), enabled: files !== null });
  const inspection = useLatestInspection(files !== null && peer.baseUrl ? peer.id : null);
  const [chosen, setChosen] = useState<DraftFile[]>([]);
  const [dataOn, setDataOn] = useState(false);
  const [dataText, setDataText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  /** The card's warning the operator is asked to confirm; any change to the files or data withdraws it. */
  const [warning, setWarning] = useState<string | null>(null);
  const nextKey = useRef(1);

  const limits: AttachmentLimits = files && settings.data ? files.limits(settings.data) : DEFAULT_ATTACHMENT_LIMITS;
  const hasContent = on && (chosen.length > 0 || dataOn);
  const totalBytes = chosen.reduce((sum, { file }) => sum + file.size, 0);

  const add = (list: readonly File[]) => {
    if (!on || list.length === 0) return;
    const room = MAX_OUTGOING_FILES - chosen.length;
    const kept = room > 0 ? `the first ${room} were added` : 'no more were added';
    setProblem(list.length > room ? `At most ${MAX_OUTGOING_FILES} files go with one message; ${kept}.` : null);
    const added = list.slice(0, Math.max(0, room)).map((file) => ({ key: nextKey.current++, file }));
    setWarning(null);
    setChosen((current) => [...current, ...added]);
  };
  const remove = (key: number) => {
    setProblem(null);
    setWarning(null);
    setChosen((current) => current.filter((entry) => entry.key !== key));
  };
  const clear = () => {
    setChosen([]);
    setDataOn(false);
    setDataText('');
    setProblem(null);
    setWarning(null);
  };
  const changeData = (text: string) => {
    setProblem(null);
    setWarning(null);
    setDataText(text);
  };
  const switchData = (next: boolean) => {
    setProblem(null);
    setWarning(null);
    setDataOn(next);
  };

  /** Limits and JSON first (problems), then the card's input modes (a warning, unless already confirmed). */
  const check = (): DraftCheck => {
    if (!hasContent) return { kind: 'ok' };
    const where = `(Settings › A2A sets the limits)`;
    for (const { file } of chosen) {
      if (file.size > limits.maxPartBytes) return { kind: 'problem', text: `${file.name} is ${formatBytes(file.size)}; a file may be up to ${formatBytes(limits.maxPartBytes)} ${where}. Remove it to send the rest.` };
    }
    if (totalBytes > limits.maxMessageBytes) return { kind: 'problem', text: `The files come to ${formatBytes(totalBytes)}; one message may carry up to ${formatBytes(limits.maxMessageBytes)} ${where}. Remove some, or send them in separate messages.` };
    if (dataOn) {
      if (!dataText.trim()) return { kind: 'problem', text: 'Write the JSON data to send, or turn "JSON data" off.' };
      const parsed = parseJson(dataText);
      if (!parsed.ok) return { kind: 'problem', text: `The JSON data is not valid JSON (${parsed.reason}). Fix it to send.` };
    }
    const modes = acceptedInputModes(inspection.data, peer.protocol);
    if (modes) {
      const refused = [
        ...chosen.filter(({ file }) => !modesAccept(modes, declaredType(file))).map(({ file }) => `${file.name} (${declaredType(file)})`),
        ...(dataOn && !modesAccept(modes, 'application/json') ? ['the JSON data (application/json)'] : []),
      ];
      if (refused.length) return { kind: 'confirm', text: `${peer.name}'s card accepts ${modes.join(', ')} — send ${refused.join(', ')} anyway?` };
    }
    return { kind: 'ok' };
  };

  /** The files' bytes (read now, a chunk at a time) and the data, as `messages.send` takes them. */
  const read = async (): Promise<Outgoing> => {
    if (!hasContent) return {};
    const attachments = await Promise.all(
      chosen.map(async ({ file }) => ({ name: file.name, mediaType: declaredType(file), base64: await fileToBase64(file) })),
    );
    const parsed = dataOn ? parseJson(dataText) : null;
    return { ...(attachments.length ? { attachments } : {}), ...(parsed?.ok ? { data: parsed.value as never } : {}) };
  };

  return { available: on, chosen, add, remove, clear, dataOn, setDataOn: switchData, dataText, setDataText: changeData, problem, setProblem, warning, setWarning, check, read, hasContent, totalBytes, limits };
}

export type AttachmentDraft = ReturnType<typeof useAttachmentDraft>;
