/**
 * Bytes ⇄ base64 for files the console sends, saves and previews. Done a chunk at a time: spreading a whole file
 * into String.fromCharCode(...) overflows the call stack at a few hundred KB.
 */

// A multiple of 3, so each chunk's base64 ends without padding and the pieces join into one valid text.
const ENCODE_CHUNK = 3 * 0x4000;
const DECODE_CHUNK = 4 * 0x4000;

export function bytesToBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += ENCODE_CHUNK) {
    const chunk = bytes.subarray(start, start + ENCODE_CHUNK);
    let binary = '';
    for (let index = 0; index < chunk.length; index += 1) binary += String.fromCharCode(chunk[index]!);
    pieces.push(btoa(binary));
  }
  return pieces.join('');
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const clean = base64.replace(/\s+/g, '');
  const out = new Uint8Array(Math.floor((clean.replace(/=+$/, '').length * 3) / 4));
  let offset = 0;
  for (let start = 0; start < clean.length; start += DECODE_CHUNK) {
    const binary = atob(clean.slice(start, start + DECODE_CHUNK));
    for (let index = 0; index < binary.length; index += 1) out[offset + index] = binary.charCodeAt(index);
    offset += binary.length;
  }
  return out;
}

/** A chosen file's bytes as base64 (read by the browser, never uploaded anywhere but the node). */
export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/**
 * The image type the bytes themselves say (PNG, JPEG, GIF, WebP signatures), or null. A preview is shown only
 * when this agrees with the type the sender declared: a file that merely claims to be an image is not decoded.
 */
export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (signature: readonly number[], at = 0) => signature.every((byte, index) => bytes[at + index] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** A media type without its parameters, lower case ("Image/PNG; q=1" → "image/png"). */
export function bareMediaType(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}
