import type { CsatLang, CsatView } from './csat.ts';

/**
 * The hosted CSAT page (/csat/{token}): plain server-rendered HTML in the person's language, no
 * script (the CSP allows none inline, and a mail client's browser may have none), a form of five
 * choices and a comment posting back to the same signed URL.
 */
const T = {
  ru: {
    title: 'Оцените нашу помощь',
    question: (n: number) => `Насколько вы довольны решением обращения #${n}?`,
    scores: ['1 — очень плохо', '2 — плохо', '3 — нормально', '4 — хорошо', '5 — отлично'],
    comment: 'Комментарий (необязательно)',
    send: 'Отправить оценку',
    thanks: 'Спасибо! Ваша оценка сохранена.',
    thanksLow: 'Спасибо за честную оценку. Мы разберёмся и свяжемся с вами.',
    change: 'Можно изменить оценку:',
    invalid: 'Ссылка недействительна',
    invalidText: 'Ссылка повреждена или устарела. Воспользуйтесь ссылкой из последнего сообщения.',
    pick: 'Выберите оценку от 1 до 5.',
  },
  en: {
    title: 'Rate our help',
    question: (n: number) => `How satisfied are you with how request #${n} was solved?`,
    scores: ['1 — very poor', '2 — poor', '3 — okay', '4 — good', '5 — excellent'],
    comment: 'Comment (optional)',
    send: 'Send rating',
    thanks: 'Thank you! Your rating is saved.',
    thanksLow: 'Thank you for your honest rating. We will look into it and get back to you.',
    change: 'You can change your rating:',
    invalid: 'This link is not valid',
    invalidText: 'The link is damaged or has expired. Please use the link from the latest message.',
    pick: 'Choose a rating from 1 to 5.',
  },
} as const;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(lang: CsatLang, title: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.4rem}fieldset{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}label{display:block;margin:.4rem 0}
textarea{width:100%;min-height:5rem;font:inherit}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #1c7ed6;background:#1c7ed6;color:#fff;cursor:pointer}
.note{color:#555}</style>
</head><body>${body}</body></html>`;
}

export function csatPage(s: CsatView, notice?: 'saved' | 'pick'): string {
  const t = T[s.locale];
  const parts: string[] = [`<h1>${esc(t.title)}</h1>`];
  if (notice === 'saved' && s.score != null)
    parts.push(`<p role="status"><strong>${esc(s.score <= 2 ? t.thanksLow : t.thanks)}</strong></p>`);
  if (notice === 'pick') parts.push(`<p role="alert"><strong>${esc(t.pick)}</strong></p>`);
  if (s.score != null && notice !== 'saved') parts.push(`<p class="note">${esc(t.change)}</p>`);
  const choices = t.scores
    .map(
      (label, i) =>
        `<label><input type="radio" name="score" value="${i + 1}"${s.score === i + 1 ? ' checked' : ''} required> ${esc(label)}</label>`,
    )
    .join('\n');
  parts.push(
    `<form method="post"><fieldset><legend>${esc(t.question(s.number))}</legend>${choices}</fieldset>
<label>${esc(t.comment)}<br><textarea name="comment" maxlength="5000">${esc(s.comment ?? '')}</textarea></label>
<p><button type="submit">${esc(t.send)}</button></p></form>`,
  );
  return layout(s.locale, t.title, parts.join('\n'));
}

export function invalidCsatPage(lang: CsatLang): string {
  const t = T[lang];
  return layout(lang, t.invalid, `<h1>${esc(t.invalid)}</h1><p>${esc(t.invalidText)}</p>`);
}
