/**
 * A file that came with a message (or goes with one): stored bytes, or a URL the sender named that is fetched only
 * when the operator asks. Its media type is what the sender declared: recorded, shown, never trusted for execution.
 */
export interface AttachmentInfo {
  id: number;
  /** A file name safe to save under: no directories, no control characters. */
  name: string;
  mediaType: string;
  /** Bytes, when known (a URL not fetched yet has none). */
  size: number | null;
  sha256: string | null;
  /** The sender's URL for a file it did not include. */
  url: string | null;
  /** The bytes are on this node (they can be saved without going out). */
  stored: boolean;
}

/** How large a file may be, alone and with the rest of its message (settings `a2a.attachments`). */
export interface AttachmentLimits {
  maxPartBytes: number;
  maxMessageBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxPartBytes: 10 * 1024 * 1024, maxMessageBytes: 10 * 1024 * 1024 };

/** The highest limit Settings accepts: the A2A route reads bodies up to its base64 size. */
export const MAX_ATTACHMENT_LIMIT_BYTES = 25 * 1024 * 1024;
/** Files one outgoing message may carry. Here, not in the contract, so the CLI names it without building the contract's schemas. */
export const MAX_OUTGOING_FILES = 20;

/** Images the console previews (decoded by the browser as pixels, never as documents: SVG is not among them). */
export const PREVIEWABLE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** A name to save a file under, from whatever the sender called it. */
export function safeFileName(name: string | null | undefined, fallback: string): string {
  const base = (name ?? '')
    .replace(/^.*[\\/]/, '')
    // Control characters, bidi overrides and characters Windows refuses in names (matching control characters is the point).
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"|?*]/g, '')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 200);
  return base || fallback;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
