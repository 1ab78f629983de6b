import { textIn } from './defaults.ts';
import type { HostedView } from './delivery.ts';
import type { Lang } from './tables.ts';

/**
 * The hosted survey page (/survey/{token}): server-rendered HTML in the person's language, no
 * script (the CSP allows none inline; a mail client's browser may run none), a form posting back
 * to the same signed URL. NPS is a row of 0–10, CSAT 1–5, CES 1–7; a custom survey shows its
 * questions (scale, choice, text).
 */
const T = {
  ru: {
    title: 'Опрос',
    comment: 'Комментарий (необязательно)',
    send: 'Отправить',
    thanks: 'Спасибо! Ваш ответ сохранён.',
    already: 'Вы уже ответили на этот опрос. Спасибо!',
    invalid: 'Ссылка недействительна',
    invalidText: 'Ссылка повреждена или устарела.',
    closed: 'Опрос завершён. Спасибо за интерес!',
    pick: 'Выберите оценку.',
    limit: 'Вы недавно уже отвечали на наш опрос — спасибо, больше не беспокоим.',
    low: 'маловероятно',
    high: 'очень вероятно',
  },
  en: {
    title: 'Survey',
    comment: 'Comment (optional)',
    send: 'Send',
    thanks: 'Thank you! Your answer is saved.',
    already: 'You have already answered this survey. Thank you!',
    invalid: 'This link is not valid',
    invalidText: 'The link is damaged or has expired.',
    closed: 'The survey is closed. Thank you for your interest!',
    pick: 'Please choose a score.',
    limit: 'You answered one of our surveys recently — thank you, we will not ask again so soon.',
    low: 'not likely',
    high: 'very likely',
  },
} as const;

export type PageNotice = 'saved' | 'pick' | 'closed' | 'limit' | 'already';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(lang: Lang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.4rem}fieldset{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}
.scale{display:flex;flex-wrap:wrap;gap:.3rem}.scale label{display:inline-flex;flex-direction:column;align-items:center;min-width:2.2rem;padding:.3rem;border:1px solid #ccc;border-radius:6px;cursor:pointer}
.ends{display:flex;justify-content:space-between;color:#666;font-size:.85rem}label.opt{display:block;margin:.3rem 0}
textarea{width:100%;min-height:5rem;font:inherit}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #1c7ed6;background:#1c7ed6;color:#fff;cursor:pointer}</style>
</head><body>${body}</body></html>`;
}

function scale(name: string, min: number, max: number, checked: unknown, ends?: [string, string]): string {
  const items: string[] = [];
  for (let i = min; i <= max; i++)
    items.push(
      `<label><input type="radio" name="${esc(name)}" value="${i}"${checked === i ? ' checked' : ''}> ${i}</label>`,
    );
  const e = ends ? `<div class="ends"><span>${esc(ends[0])}</span><span>${esc(ends[1])}</span></div>` : '';
  return `<div class="scale">${items.join('')}</div>${e}`;
}

export function surveyPage(v: HostedView, notice?: PageNotice): string {
  const lang = v.locale;
  const t = T[lang];
  const s = v.survey;
  const parts: string[] = [`<h1>${esc(s.name)}</h1>`];
  if (notice === 'saved' || notice === 'already' || v.answer) {
    const text = notice === 'saved' ? textIn(s.thanks, lang, t.thanks) : t.already;
    parts.push(`<p role="status"><strong>${esc(text)}</strong></p>`);
    return layout(lang, s.name, parts.join('\n'));
  }
  if (notice === 'closed' || s.status === 'closed') {
    parts.push(`<p role="status">${esc(t.closed)}</p>`);
    return layout(lang, s.name, parts.join('\n'));
  }
  if (notice === 'limit') {
    parts.push(`<p role="status">${esc(t.limit)}</p>`);
    return layout(lang, s.name, parts.join('\n'));
  }
  if (notice === 'pick') parts.push(`<p role="alert"><strong>${esc(t.pick)}</strong></p>`);
  const fields: string[] = [];
  if (s.scale)
    fields.push(
      `<fieldset><legend>${esc(textIn(s.question, lang))}</legend>${scale('score', s.scale.min, s.scale.max, undefined, s.type === 'nps' ? [t.low, t.high] : undefined)}</fieldset>`,
    );
  else {
    if (s.question) fields.push(`<p>${esc(textIn(s.question, lang))}</p>`);
    for (const q of s.questions) {
      const name = `q.${q.key}`;
      const legend = `<legend>${esc(textIn(q.text, lang))}</legend>`;
      if (q.kind === 'scale') fields.push(`<fieldset>${legend}${scale(name, q.min!, q.max!, undefined)}</fieldset>`);
      else if (q.kind === 'choice')
        fields.push(
          `<fieldset>${legend}${(q.options ?? [])
            .map(
              (o, i) =>
                `<label class="opt"><input type="radio" name="${esc(name)}" value="${i}"> ${esc(textIn(o, lang))}</label>`,
            )
            .join('')}</fieldset>`,
        );
      else fields.push(`<fieldset>${legend}<textarea name="${esc(name)}" maxlength="5000"></textarea></fieldset>`);
    }
  }
  parts.push(`<form method="post">${fields.join('\n')}
<label>${esc(t.comment)}<br><textarea name="comment" maxlength="5000"></textarea></label>
<p><button type="submit">${esc(t.send)}</button></p></form>`);
  return layout(lang, s.name || t.title, parts.join('\n'));
}

export function invalidSurveyPage(lang: Lang): string {
  const t = T[lang];
  return layout(lang, t.invalid, `<h1>${esc(t.invalid)}</h1><p>${esc(t.invalidText)}</p>`);
}
