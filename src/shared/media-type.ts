/**
 * Media types for files the operator sends, and whether a peer's card says it takes them. A declared type only
 * labels the file (the receiver never runs it), so a short list of common extensions is enough; anything else is
 * application/octet-stream, as RFC 2046 §4.5.1 has it for data of no known type.
 */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  xml: 'application/xml',
  json: 'application/json',
  jsonl: 'application/jsonl',
  ndjson: 'application/x-ndjson',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  js: 'text/javascript',
  mjs: 'text/javascript',
  ts: 'text/plain',
  py: 'text/x-python',
  sh: 'application/x-sh',
  pdf: 'application/pdf',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  ico: 'image/vnd.microsoft.icon',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  '7z': 'application/x-7z-compressed',
  wasm: 'application/wasm',
};

export const UNKNOWN_MEDIA_TYPE = 'application/octet-stream';

/** The media type a file name suggests (by its last extension), else application/octet-stream. */
export function mediaTypeForFileName(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return UNKNOWN_MEDIA_TYPE;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? UNKNOWN_MEDIA_TYPE;
}

/** `type/subtype` in lower case, without parameters (`text/plain; charset=utf-8` → `text/plain`). */
function essence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Whether one of `modes` (a card's input modes: exact types, `type/*` or `*\/*`) covers `mediaType`. */
export function modesAccept(modes: readonly string[], mediaType: string): boolean {
  const wanted = essence(mediaType);
  const [type] = wanted.split('/');
  return modes.some((mode) => {
    const offered = essence(mode);
    return offered === '*/*' || offered === '*' || offered === wanted || offered === `${type}/*`;
  });
}

/**
 * The input modes a card declares anywhere: its defaults and every skill's own (a skill's list overrides the
 * defaults for that skill, AgentSkill.inputModes in a2a.proto; a message names no skill, so any one will do).
 * Empty when the card declares none, which says nothing either way.
 */
export function declaredInputModes(card: { inputModes: readonly string[]; skills: readonly { inputModes: readonly string[] }[] }): string[] {
  return [...new Set([...card.inputModes, ...card.skills.flatMap((skill) => skill.inputModes)])];
}
