import { Anchor, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const PLACEHOLDER =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'%3E%3Crect width='4' height='4' fill='%23dee2e6'/%3E%3C/svg%3E";
const REMOTE = String.raw`(?:https?:)?\/\/`;

/**
 * An email's HTML, as the server stored it (already sanitised by src/service/channels/sanitize.ts),
 * made fit for the frame: remote images and stylesheets are left out (the app's CSP would refuse
 * them, and loading them tells the sender the mail was read); a strict CSP inside the document is
 * a second wall should anything active have slipped through.
 */
export function frameHtml(html: string): string {
  const body = html
    .replace(/<link\b[^>]*>/gi, '')
    .replace(/@import\s+url\([^)]*\)\s*;?/gi, '')
    .replace(new RegExp(String.raw`(<img\b[^>]*?\ssrc=)(["'])${REMOTE}[^"']*\2`, 'gi'), `$1"${PLACEHOLDER}"`);
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"><style>body{font:14px/1.45 system-ui,sans-serif;margin:8px;color:#212529;overflow-wrap:anywhere}img{max-width:100%}</style></head><body>${body}</body></html>`;
}

/**
 * An inbound email shown as mail: the sanitised HTML in a sandboxed frame (sandbox="" — no scripts,
 * no forms, no same-origin access to the app), or its plain text. The frame grows with its content
 * up to a limit; the agent can switch to the text version.
 */
export function EmailHtml({ html, text }: { html: string; text: string }) {
  const { t } = useTranslation();
  const [asText, setAsText] = useState(false);
  return (
    <div data-testid="email-html">
      {asText ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
          {text}
        </Text>
      ) : (
        <iframe
          title={t('service.conversation.emailFrame')}
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={frameHtml(html)}
          style={{ width: '100%', height: 260, border: 0, background: 'white', display: 'block' }}
          data-testid="email-frame"
        />
      )}
      <Group justify="flex-end" mt={4}>
        <Anchor
          component="button"
          type="button"
          size="xs"
          onClick={() => setAsText((v) => !v)}
          data-testid="email-toggle"
        >
          {asText ? t('service.conversation.showHtml') : t('service.conversation.showText')}
        </Anchor>
      </Group>
    </div>
  );
}
