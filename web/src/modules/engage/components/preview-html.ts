/**
 * An email's HTML made fit for the preview iframe. The iframe's document is the app's own origin
 * (srcdoc) and so under its content security policy, which loads nothing from elsewhere: a remote
 * stylesheet (MJML's web fonts) or image would be refused with a console error each time. They are
 * left out instead — fonts fall back as in many mail clients, images show as grey boxes — and the
 * preview says so.
 */
const PLACEHOLDER =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'%3E%3Crect width='4' height='4' fill='%23dee2e6'/%3E%3C/svg%3E";
const REMOTE = String.raw`(?:https?:)?\/\/`;

export function previewHtml(html: string): { html: string; blocked: number } {
  let blocked = 0;
  const count = <T>(v: T) => {
    blocked++;
    return v;
  };
  const out = html
    .replace(new RegExp(String.raw`<link\b[^>]*\bhref=["']?${REMOTE}[^>]*>`, 'gi'), () => count(''))
    .replace(new RegExp(String.raw`@import\s+url\(\s*["']?${REMOTE}[^)]*\)\s*;?`, 'gi'), () => count(''))
    .replace(new RegExp(String.raw`(<img\b[^>]*?\ssrc=)(["'])${REMOTE}[^"']*\2`, 'gi'), (_, pre: string, q: string) =>
      count(`${pre}${q}${PLACEHOLDER}${q}`),
    );
  return { html: out, blocked };
}
