/** What an inbound attachment is, and why one is refused (size, dangerous type). */
export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: Buffer;
}

const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-dosexec',
  'application/x-executable',
  'application/vnd.microsoft.portable-executable',
  'application/x-sh',
  'application/x-csh',
  'application/x-bat',
  'application/x-msi',
  'application/hta',
  'application/java-archive',
  'application/javascript',
  'text/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/vbscript',
]);

/** The filename without a path or control characters, at most 200 characters. */
export function cleanFilename(name: string): string {
  const base = (name || 'attachment').split(/[\\/]/).pop() ?? 'attachment';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const s = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return (s || 'attachment').slice(0, 200);
}

/** Why this attachment is not kept, or null when it is. */
export function refusal(a: AttachmentInput, opts: { maxBytes: number; blocked: string }): string | null {
  if (a.content.length > opts.maxBytes) return `too large: ${a.content.length} bytes (the limit is ${opts.maxBytes})`;
  const name = a.filename.toLowerCase();
  const ext = opts.blocked
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)
    .map((e) => (e.startsWith('.') ? e : `.${e}`))
    .find((e) => name.endsWith(e));
  if (ext) return `dangerous file type (${ext})`;
  const type = a.contentType.split(';')[0].trim().toLowerCase();
  if (EXECUTABLE_TYPES.has(type)) return `dangerous content type (${type})`;
  // A Windows executable whatever its name says ("MZ" header), or a script with a shebang.
  if (a.content.length >= 2 && a.content[0] === 0x4d && a.content[1] === 0x5a)
    return 'dangerous content (an executable)';
  if (a.content.subarray(0, 2).toString('latin1') === '#!') return 'dangerous content (a script)';
  return null;
}

/**
 * The Content-Type a download is served with: types a browser would render as active content
 * (HTML, SVG, XML, scripts) go out as application/octet-stream; the rest as stored (sanitised).
 */
export function safeContentType(stored: string): string {
  const t = stored.split(';')[0].trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t)) return 'application/octet-stream';
  if (/html|xml|svg|javascript|ecmascript|x-sh|vbscript/.test(t)) return 'application/octet-stream';
  return t;
}

/** Content-Disposition: attachment with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = cleanFilename(filename)
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(cleanFilename(filename))}`;
}
