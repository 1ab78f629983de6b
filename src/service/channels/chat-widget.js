/*
 * Kartoteka chat widget. On any page:
 *   <script src="https://kartoteka.example/chat.js" data-inbox="CHAT_INBOX_ID" async></script>
 * Optional: data-title, data-lang ("ru" | "en"), data-color (#rrggbb).
 * No framework, no cookies of its own: the chat session and anonymous id live in localStorage
 * (the tracking snippet's anonymous id is used when it is on the page, linking the two). Everything
 * shown is set as text, never as HTML. Messages not yet acknowledged are kept and sent again after a
 * reconnect or when the server says to wait (flood control), so nothing typed is lost.
 */
(() => {
  const script = document.currentScript;
  if (!script || window.__kartotekaChat) return;
  window.__kartotekaChat = true;
  const inbox = script.getAttribute('data-inbox') || '';
  const base = new URL(script.src, location.href);
  const lang = (script.getAttribute('data-lang') || navigator.language || 'en').slice(0, 2) === 'ru' ? 'ru' : 'en';
  const color = /^#[0-9a-f]{6}$/i.test(script.getAttribute('data-color') || '')
    ? script.getAttribute('data-color')
    : '#1c7ed6';
  const T = {
    en: {
      title: 'Chat with us',
      placeholder: 'Write a message…',
      send: 'Send',
      typing: 'typing…',
      identify: 'Leave your name and email so we can answer by email too',
      name: 'Name',
      email: 'Email',
      save: 'Save',
      saved: 'Thank you!',
      offline: 'Reconnecting…',
      waiting: 'Sending…',
      failed: 'Not sent: ',
      you: 'You',
      agent: 'Support',
    },
    ru: {
      title: 'Напишите нам',
      placeholder: 'Сообщение…',
      send: 'Отправить',
      typing: 'печатает…',
      identify: 'Оставьте имя и email — ответим и по почте',
      name: 'Имя',
      email: 'Email',
      save: 'Сохранить',
      saved: 'Спасибо!',
      offline: 'Переподключение…',
      waiting: 'Отправляется…',
      failed: 'Не отправлено: ',
      you: 'Вы',
      agent: 'Поддержка',
    },
  }[lang];
  const title = script.getAttribute('data-title') || T.title;

  const store = {
    get(k) {
      try {
        return localStorage.getItem(k);
      } catch {
        return null;
      }
    },
    set(k, v) {
      try {
        localStorage.setItem(k, v);
      } catch {
        /* storage disabled: the chat lasts as long as the page */
      }
    },
  };
  const SESSION = `kt_chat_${inbox}`;
  const OUTBOX = `kt_chat_outbox_${inbox}`;
  const rid = () => {
    const a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  const sdk = window.kartoteka;
  let anonymousId =
    (sdk && typeof sdk.anonymousId === 'function' && sdk.anonymousId()) ||
    store.get('kt_aid') ||
    store.get('kt_chat_aid');
  let session = store.get(SESSION);
  /** Messages sent but not acknowledged: {id, text}. */
  let outbox = [];
  try {
    outbox = JSON.parse(store.get(OUTBOX) || '[]');
  } catch {
    outbox = [];
  }
  const saveOutbox = () => store.set(OUTBOX, JSON.stringify(outbox));

  // ---- the view (a shadow root: the page's styles neither leak in nor out) ----
  const host = document.createElement('div');
  host.setAttribute('data-kartoteka-chat', '');
  const root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  };
  const style = el('style');
  style.textContent = `
    :host, .kt { all: initial; font: 14px/1.4 system-ui, sans-serif; color: #212529; }
    .launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 24px;
      padding: 12px 18px; background: ${color}; color: #fff; font: inherit; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
    .panel { position: fixed; right: 20px; bottom: 76px; z-index: 2147483000; width: 320px; max-width: calc(100vw - 40px);
      height: 440px; max-height: calc(100vh - 100px); display: none; flex-direction: column; background: #fff;
      border-radius: 12px; box-shadow: 0 4px 24px rgba(0,0,0,.25); overflow: hidden; }
    .panel.open { display: flex; }
    .head { background: ${color}; color: #fff; padding: 10px 14px; font-weight: 600; }
    .status { font-weight: 400; font-size: 12px; opacity: .85; }
    .log { flex: 1; overflow-y: auto; padding: 10px; display: flex; flex-direction: column; gap: 6px; }
    .msg { max-width: 80%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }
    .in { align-self: flex-end; background: ${color}; color: #fff; }
    .out { align-self: flex-start; background: #f1f3f5; }
    .who { font-size: 11px; opacity: .7; }
    .note { font-size: 12px; color: #868e96; }
    .failed { font-size: 12px; color: #e03131; }
    .who-form { padding: 8px 10px; border-top: 1px solid #e9ecef; display: flex; flex-wrap: wrap; gap: 4px; font-size: 12px; }
    .who-form input { flex: 1 1 40%; min-width: 0; padding: 4px 6px; border: 1px solid #ced4da; border-radius: 6px; font: inherit; }
    .who-form button, .compose button { border: 0; border-radius: 6px; background: ${color}; color: #fff; padding: 6px 10px; font: inherit; cursor: pointer; }
    .compose { display: flex; gap: 6px; padding: 8px 10px; border-top: 1px solid #e9ecef; }
    .compose textarea { flex: 1; resize: none; height: 38px; padding: 6px; border: 1px solid #ced4da; border-radius: 6px; font: inherit; }
  `;
  const wrap = el('div', { class: 'kt' });
  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false' }, title);
  const panel = el('div', { class: 'panel', role: 'dialog', 'aria-label': title });
  const head = el('div', { class: 'head' }, title);
  const status = el('div', { class: 'status' }, '');
  head.appendChild(status);
  const log = el('div', { class: 'log', 'aria-live': 'polite' });
  const typing = el('div', { class: 'note' }, '');
  const whoForm = el('form', { class: 'who-form' });
  whoForm.appendChild(el('div', { style: 'flex-basis:100%' }, T.identify));
  const nameInput = el('input', { name: 'name', placeholder: T.name, maxlength: '200', autocomplete: 'name' });
  const emailInput = el('input', {
    name: 'email',
    type: 'email',
    placeholder: T.email,
    maxlength: '320',
    autocomplete: 'email',
  });
  whoForm.append(nameInput, emailInput, el('button', { type: 'submit' }, T.save));
  const compose = el('form', { class: 'compose' });
  const input = el('textarea', { placeholder: T.placeholder, rows: '1', 'aria-label': T.placeholder });
  compose.append(input, el('button', { type: 'submit' }, T.send));
  panel.append(head, log, typing, whoForm, compose);
  wrap.append(launcher, panel);
  root.append(style, wrap);

  // A message's text, with the http(s) links of the desk's messages (a survey's link) clickable:
  // text nodes and anchors only, never markup; the visitor's own text stays plain.
  const appendText = (box, text, links) => {
    const body = String(text == null ? '' : text);
    if (!links) return box.appendChild(document.createTextNode(body));
    let at = 0;
    for (const m of body.matchAll(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g)) {
      box.appendChild(document.createTextNode(body.slice(at, m.index)));
      box.appendChild(el('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer' }, m[0]));
      at = m.index + m[0].length;
    }
    box.appendChild(document.createTextNode(body.slice(at)));
  };
  const shown = new Map(); // message id (server's or the outbox's) → element
  const render = (m) => {
    const key = m.id;
    if (shown.has(key)) return;
    const box = el('div', { class: `msg ${m.direction}` });
    box.appendChild(el('div', { class: 'who' }, m.direction === 'in' ? T.you : m.authorName || T.agent));
    appendText(box, m.body, m.direction !== 'in');
    log.appendChild(box);
    shown.set(key, box);
    log.scrollTop = log.scrollHeight;
  };
  const renderPending = (p) => {
    if (shown.has(p.id)) return;
    render({ id: p.id, direction: 'in', body: p.text });
    shown.get(p.id).appendChild(el('div', { class: 'note' }, T.waiting));
  };
  const settle = (clientId, serverId) => {
    const box = shown.get(clientId);
    if (!box) return;
    const note = box.querySelector('.note');
    if (note) note.remove();
    shown.delete(clientId);
    if (serverId) shown.set(serverId, box);
  };

  // ---- the connection ----
  let sock = null;
  let ready = false;
  /** The name and email the visitor gave, until the server confirms them (`identified`). */
  let who = null;
  let backoff = 500;
  const resendTimers = new Map();
  const send = (o) => {
    if (sock && sock.readyState === 1) sock.send(JSON.stringify(o));
  };
  const flush = () => {
    if (!ready) return;
    for (const p of outbox) if (!resendTimers.has(p.id)) send({ type: 'message', id: p.id, text: p.text });
  };
  const connect = () => {
    const url = new URL('/chat/ws', base);
    url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('inbox', inbox);
    sock = new WebSocket(url.toString());
    status.textContent = T.offline;
    sock.onopen = () => {
      backoff = 500;
      send({ type: 'hello', session: session || undefined, anonymousId: anonymousId || undefined });
    };
    sock.onmessage = (ev) => {
      let m;
      try {
        m = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (m.type === 'welcome') {
        session = m.session;
        store.set(SESSION, session);
        if (!anonymousId) {
          anonymousId = m.anonymousId;
          store.set('kt_chat_aid', anonymousId);
        }
        for (const h of m.history || []) render(h);
        for (const p of outbox) renderPending(p);
        ready = true;
        status.textContent = '';
        if (who) send(who);
        flush();
      } else if (m.type === 'ack') {
        outbox = outbox.filter((p) => p.id !== m.id);
        saveOutbox();
        if (shown.has(m.messageId)) {
          shown.get(m.id)?.remove();
          shown.delete(m.id);
        } else settle(m.id, m.messageId);
      } else if (m.type === 'refused') {
        if (!m.id) {
          // An identify refused by flood control: said again when the server allows.
          if (ready && who && m.retryAfterMs) {
            const again = who;
            setTimeout(() => who === again && send(again), m.retryAfterMs);
            return;
          }
          // A hello refused by flood control (many visitors behind one address): say it again later.
          if (!ready && m.retryAfterMs)
            setTimeout(
              () => send({ type: 'hello', session: session || undefined, anonymousId: anonymousId || undefined }),
              m.retryAfterMs,
            );
          return;
        }
        if (m.retryAfterMs) {
          // Flood control or a hiccup: the same message goes again when the server said.
          clearTimeout(resendTimers.get(m.id));
          resendTimers.set(
            m.id,
            setTimeout(() => {
              resendTimers.delete(m.id);
              const p = outbox.find((x) => x.id === m.id);
              if (p) send({ type: 'message', id: p.id, text: p.text });
            }, m.retryAfterMs),
          );
        } else {
          outbox = outbox.filter((p) => p.id !== m.id);
          saveOutbox();
          const box = shown.get(m.id);
          if (box) {
            const note = box.querySelector('.note');
            if (note) note.remove();
            box.appendChild(el('div', { class: 'failed' }, T.failed + (m.reason || m.code)));
          }
        }
      } else if (m.type === 'message') {
        typing.textContent = '';
        render(m.message);
      } else if (m.type === 'typing') {
        typing.textContent = m.typing ? T.typing : '';
      } else if (m.type === 'identified') {
        who = null;
        whoForm.replaceChildren(el('div', null, T.saved));
      } else if (m.type === 'error' && (m.code === 'NOT_FOUND' || m.code === 'FORBIDDEN_ORIGIN')) {
        status.textContent = m.reason || m.code;
        backoff = 60000;
      }
    };
    sock.onclose = () => {
      ready = false;
      for (const t of resendTimers.values()) clearTimeout(t);
      resendTimers.clear();
      status.textContent = T.offline;
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    };
  };

  launcher.addEventListener('click', () => {
    const open = !panel.classList.contains('open');
    panel.classList.toggle('open', open);
    launcher.setAttribute('aria-expanded', String(open));
    if (open) input.focus();
  });
  let typingSent = 0;
  input.addEventListener('input', () => {
    if (Date.now() - typingSent > 3000) {
      typingSent = Date.now();
      send({ type: 'typing', typing: true });
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      compose.requestSubmit();
    }
  });
  compose.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    typingSent = 0;
    send({ type: 'typing', typing: false });
    const p = { id: rid(), text };
    outbox.push(p);
    saveOutbox();
    renderPending(p);
    if (ready) send({ type: 'message', id: p.id, text: p.text });
  });
  whoForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const o = { type: 'identify' };
    if (nameInput.value.trim()) o.name = nameInput.value.trim();
    if (emailInput.value.trim()) o.email = emailInput.value.trim();
    if (!o.name && !o.email) return;
    // Kept until the server confirms it: sent now if the session is up, else right after its welcome.
    who = o;
    if (ready) send(o);
  });

  const start = () => {
    document.body.appendChild(host);
    connect();
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
