/**
 * The hosted unsubscribe and preference pages: plain server-rendered HTML forms in Russian or
 * English, no script (the site's CSP allows none inline, and a mail client's browser may have
 * none), posting back to the same signed URL.
 */
export type Lang = 'ru' | 'en';

/** The reader's language from `?lang=` or Accept-Language (the higher q of ru and en; English otherwise). */
export function pickLang(query: unknown, acceptLanguage: string | undefined): Lang {
  if (query === 'ru' || query === 'en') return query;
  let best: Lang = 'en';
  let bestQ = -1;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const lang = tag.split('-')[0];
    if (lang !== 'ru' && lang !== 'en') continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (Number.isFinite(q) && q > bestQ) {
      best = lang;
      bestQ = q;
    }
  }
  return best;
}

const CHANNEL_WORDS: Record<Lang, Record<string, string>> = {
  en: { email: 'email', sms: 'SMS', push: 'push notification', messenger: 'messenger' },
  ru: { email: 'email', sms: 'SMS', push: 'push', messenger: 'мессенджер' },
};

const T = {
  en: {
    title: 'Subscription preferences',
    unsubscribeAll: (ch: string) => `Unsubscribe from all ${ch} marketing`,
    alreadyOut: (ch: string) => `You no longer receive ${ch} marketing from us.`,
    groups: 'Topics you receive',
    save: 'Save preferences',
    noGroups: 'There are no topics to choose from.',
    doneAll: (ch: string) => `Done: you are unsubscribed from ${ch} marketing.`,
    doneGroups: 'Your preferences are saved.',
    invalid: 'This link is not valid',
    invalidText: 'The link is damaged or has expired. Please use the link from the latest message.',
  },
  ru: {
    title: 'Настройки подписки',
    unsubscribeAll: (ch: string) => `Отписаться от всех маркетинговых рассылок (${ch})`,
    alreadyOut: (ch: string) => `Вы больше не получаете от нас маркетинговых рассылок (${ch}).`,
    groups: 'Темы, которые вы получаете',
    save: 'Сохранить настройки',
    noGroups: 'Тем для выбора нет.',
    doneAll: (ch: string) => `Готово: вы отписаны от маркетинговых рассылок (${ch}).`,
    doneGroups: 'Настройки сохранены.',
    invalid: 'Ссылка недействительна',
    invalidText: 'Ссылка повреждена или устарела. Воспользуйтесь ссылкой из последнего письма.',
  },
} as const;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.4rem}fieldset{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}label{display:block;margin:.4rem 0}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #888;background:#f4f4f4;cursor:pointer;margin:.3rem 0}
.primary{background:#c92a2a;border-color:#c92a2a;color:#fff}.note{color:#555}small{color:#777}</style>
</head><body>${body}</body></html>`;
}

export interface PageState {
  consentChannel: string | null;
  marketing: 'granted' | 'withdrawn' | 'unknown';
  groups: { id: string; name: string; description: string | null; subscribed: boolean }[];
}

/** The page: "unsubscribe from <channel> marketing" and the groups with checkboxes. */
export function preferencePage(lang: Lang, s: PageState, notice?: 'all' | 'groups'): string {
  const t = T[lang];
  const ch = s.consentChannel ? (CHANNEL_WORDS[lang][s.consentChannel] ?? s.consentChannel) : null;
  const parts: string[] = [`<h1>${esc(t.title)}</h1>`];
  if (notice === 'all' && ch) parts.push(`<p role="status"><strong>${esc(t.doneAll(ch))}</strong></p>`);
  if (notice === 'groups') parts.push(`<p role="status"><strong>${esc(t.doneGroups)}</strong></p>`);
  if (ch) {
    if (s.marketing === 'withdrawn' && notice !== 'all') parts.push(`<p class="note">${esc(t.alreadyOut(ch))}</p>`);
    else if (s.marketing !== 'withdrawn')
      parts.push(
        `<form method="post"><input type="hidden" name="scope" value="all"><button class="primary" type="submit">${esc(t.unsubscribeAll(ch))}</button></form>`,
      );
  }
  const boxes = s.groups.length
    ? s.groups
        .map(
          (g) =>
            `<label><input type="checkbox" name="keep" value="${esc(g.id)}"${g.subscribed ? ' checked' : ''}> ${esc(g.name)}${g.description ? `<br><small>${esc(g.description)}</small>` : ''}</label>`,
        )
        .join('\n')
    : `<p class="note">${esc(t.noGroups)}</p>`;
  parts.push(
    `<form method="post"><input type="hidden" name="scope" value="groups"><fieldset><legend>${esc(t.groups)}</legend>${boxes}</fieldset>${s.groups.length ? `<button type="submit">${esc(t.save)}</button>` : ''}</form>`,
  );
  return layout(lang, t.title, parts.join('\n'));
}

/** A tampered, foreign or stale link: a page, never a redirect. */
export function invalidLinkPage(lang: Lang): string {
  const t = T[lang];
  return layout(lang, t.invalid, `<h1>${esc(t.invalid)}</h1><p>${esc(t.invalidText)}</p>`);
}
