/** How long a download's object URL is kept: the browser has started reading it long before (Electron's save dialog too). */
const REVOKE_AFTER_MS = 60_000;

/** Hands a file to the browser's download (the desktop's save dialog): a Blob behind an object URL and `<a download>`. */
export function downloadFile(name: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
