/** Saves text as a file through the browser's download (the AES key export). */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a chosen file as text (the AES key import), refusing anything that cannot be a key file. */
export async function readKeyFile(file: File): Promise<string> {
  if (file.size > 1024) throw new Error('That file is too large to be an AES key file (expected 64 hex characters).');
  return (await file.text()).trim();
}
