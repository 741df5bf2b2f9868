import { useQuery } from '@tanstack/react-query';
import { PREVIEWABLE_IMAGE_TYPES, type AttachmentInfo } from '@shared/domain/attachment';
import { queryKeys } from '../../api/query-keys';
import { useTransport } from '../../api/TransportContext';
import { showBidiControls } from '../RemoteText';
import { bareMediaType, base64ToBytes, sniffImageType } from './file-bytes';

/** Larger images are not loaded into the page for a thumbnail (their bytes would travel as base64 JSON). */
export const PREVIEW_MAX_BYTES = 5 * 1024 * 1024;

/** Whether an attachment is worth asking the node for its bytes to preview: a stored raster image of a modest size. */
export function previewable(attachment: AttachmentInfo): boolean {
  return attachment.stored && PREVIEWABLE_IMAGE_TYPES.includes(bareMediaType(attachment.mediaType)) && (attachment.size ?? Infinity) <= PREVIEW_MAX_BYTES;
}

/**
 * A thumbnail of a received image, as pixels only: the bytes must start with the signature of the type the sender
 * declared (PNG, JPEG, GIF, WebP; never SVG or HTML, which are documents), and are shown through a data: URL of
 * that type (the page's CSP allows img-src data:, not blob:). Sized by CSS to at most 240×180.
 */
export function ImagePreview({ attachment }: { attachment: AttachmentInfo }) {
  const transport = useTransport();
  const content = useQuery({
    queryKey: queryKeys.attachmentContent(attachment.id),
    queryFn: () => transport.call('attachments.content', { id: attachment.id }),
    staleTime: Infinity,
    retry: false,
  });
  if (!content.data) return null;
  const declared = bareMediaType(attachment.mediaType);
  // The first 16 bytes are enough for every signature (base64: 4 characters per 3 bytes).
  const sniffed = sniffImageType(base64ToBytes(content.data.base64.slice(0, 24)));
  if (sniffed === null || sniffed !== declared) {
    return (
      <span className="muted small" data-testid="no-preview">
        No preview: the bytes are not a {declared.replace(/^image\//, '').toUpperCase()} image.
      </span>
    );
  }
  return <img className="attachment-preview" src={`data:${sniffed};base64,${content.data.base64}`} alt={`Preview of ${showBidiControls(attachment.name)}`} decoding="async" draggable={false} />;
}
