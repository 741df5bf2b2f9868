import { useMutation } from '@tanstack/react-query';
import { formatBytes, type AttachmentInfo } from '@shared/domain/attachment';
import { useControlMutation } from '../../api/queries';
import { useSaveAttachment } from '../../api/TransportContext';
import { ErrorNotice } from '../ErrorNotice';
import { PaperclipIcon } from '../icons';
import { RemoteText, showBidiControls } from '../RemoteText';
import { ImagePreview, previewable } from './ImagePreview';

function sizeText(attachment: AttachmentInfo): string {
  return attachment.size === null ? 'size unknown' : formatBytes(attachment.size);
}

/**
 * One file of a message: what the sender called it and declared it to be, its size; Save for stored bytes, Fetch
 * for a file the sender only named by URL (fetched by the node when the operator asks, never by the page).
 */
function AttachmentItem({ attachment: given, preview }: { attachment: AttachmentInfo; preview: boolean }) {
  const save = useSaveAttachment();
  const saving = useMutation({ mutationFn: save });
  const fetching = useControlMutation('attachments.fetch');
  // The fetch's answer stands until the message's own update arrives (an event, or a refetch after a dropped one).
  const attachment = !given.stored && fetching.data?.id === given.id ? fetching.data : given;
  const name = showBidiControls(attachment.name);
  return (
    <li className="attachment" data-testid="attachment" data-attachment-id={attachment.id} data-stored={attachment.stored ? 'true' : 'false'}>
      <div className="attachment-line">
        <span className="attachment-name">
          <RemoteText text={attachment.name} />
        </span>
        <span className="muted small attachment-type">{attachment.mediaType}</span>
        <span className="muted small attachment-size">{sizeText(attachment)}</span>
        {attachment.stored ? (
          <button type="button" className="link-button small" disabled={saving.isPending} onClick={() => saving.mutate(attachment)} aria-label={`Save ${name}`}>
            {saving.isPending ? 'Saving…' : 'Save'}
          </button>
        ) : attachment.url ? (
          <button type="button" className="link-button small" disabled={fetching.isPending} onClick={() => fetching.mutate({ id: attachment.id })} aria-label={`Fetch ${name}`}>
            {fetching.isPending ? 'Fetching…' : 'Fetch'}
          </button>
        ) : null}
      </div>
      {attachment.url ? (
        <div className="attachment-url muted small">
          {attachment.stored ? 'fetched from ' : 'at '}
          {/* Text to read and copy, not a link: the page never opens a sender's URL. */}
          <code className="wrap-anywhere">
            <RemoteText text={attachment.url} />
          </code>
        </div>
      ) : null}
      {preview && previewable(attachment) ? <ImagePreview attachment={attachment} /> : null}
      {saving.isError ? <ErrorNotice error={saving.error} action={`Could not save ${name}`} /> : null}
      {fetching.isError ? <ErrorNotice error={fetching.error} action={`Could not fetch ${name}`} /> : null}
    </li>
  );
}

/** The files of a message (bubbles and the drawer); `preview` shows thumbnails of images whose bytes prove their type. */
export function AttachmentList({ attachments, preview = true }: { attachments: readonly AttachmentInfo[]; preview?: boolean }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((attachment) => (
        <AttachmentItem key={attachment.id} attachment={attachment} preview={preview} />
      ))}
    </ul>
  );
}

/** A timeline row's note of its files: the first one's name and size, and how many more (the drawer has them all). */
export function AttachmentSummary({ attachments }: { attachments: readonly AttachmentInfo[] }) {
  const first = attachments[0];
  if (!first) return null;
  const all = attachments.map((attachment) => `${showBidiControls(attachment.name)} (${showBidiControls(attachment.mediaType)}, ${sizeText(attachment)})`).join('\n');
  return (
    <span className="chip chip-neutral attachment-chip" data-testid="row-attachments" title={all}>
      <PaperclipIcon />
      <span className="attachment-chip-name">
        <RemoteText text={first.name} />
      </span>
      <span>
        {' · '}
        {sizeText(first)}
        {attachments.length > 1 ? ` +${attachments.length - 1}` : null}
      </span>
    </span>
  );
}
