import sanitizeHtml from 'sanitize-html';

/**
 * The HTML of an inbound email as the agent UI may show it. A client's email is hostile input: it
 * must not run script in an agent's session (which holds every client's data), nor tell its sender
 * that, when and where it was read (remote images, CSS `url()`, fonts are tracking beacons), nor
 * dress itself as the app (forms, frames). So the result keeps text structure, tables, inline
 * formatting and links, and nothing that executes or loads:
 *  - no <script>, <style>, <iframe>, <object>, <form>, <svg>, <math>, event handlers, `style`;
 *  - images only as `data:` (inline, already here); remote and `cid:` images are dropped;
 *  - links only http(s) and mailto, opened in a new tab without referrer or opener.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'center', 'font'],
  disallowedTagsMode: 'discard',
  allowedAttributes: {
    // target and rel are set by transformTags (whatever the mail said).
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    table: ['border', 'cellpadding', 'cellspacing'],
    p: ['align'],
    div: ['align'],
    font: ['color'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Their text is code or styling, never content the agent should read as the message.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'svg', 'math'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
    }),
    // A remote image is a read receipt for its sender: only inline (data:) images stay.
    img: (tagName, attribs) =>
      /^data:image\/(png|gif|jpe?g|webp);base64,/i.test(attribs.src ?? '')
        ? { tagName, attribs }
        : { tagName, attribs: {} },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** Safe HTML to show an agent (see above); '' when nothing displayable is left. */
export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Whether sanitising removed anything beyond whitespace and attribute order (for a note on the message). */
export function looksActive(html: string): boolean {
  return /<\s*(script|iframe|object|embed|form|style)\b|\son[a-z]+\s*=|javascript:/i.test(html);
}

const TO_TEXT: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'svg', 'math'],
};

/** The text of (sanitised) HTML, with line breaks where blocks end: for a mail that has no text part. */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|blockquote|pre|table)\s*>/gi, (m) => `${m}\n`);
  return sanitizeHtml(marked, TO_TEXT)
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
