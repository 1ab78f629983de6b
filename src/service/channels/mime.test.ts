import { describe, expect, it } from 'vitest';
import { dangerousAttachment, parseInboundEmail } from './mime.ts';
import { sanitizeEmailHtml } from './sanitize.ts';
import { FloodGate } from './flood.ts';

const mail = (headers: string, body: string) => Buffer.from(`${headers.trim().replace(/\n/g, '\r\n')}\r\n\r\n${body}`);

describe('inbound MIME', () => {
  it('reads sender, subject, text and the thread keys (In-Reply-To first, then References newest first)', async () => {
    const m = await parseInboundEmail(
      mail(
        `From: "Анна Петрова" <Anna@Client.example>
To: support@bank.example
Subject: Re: Карта заблокирована
Message-ID: <m3@client.example>
In-Reply-To: <r2@bank.example>
References: <m1@client.example> <r1@bank.example> <r2@bank.example>
Content-Type: text/plain; charset=utf-8`,
        'Спасибо, жду.',
      ),
    );
    expect(m.from).toBe('anna@client.example');
    expect(m.name).toBe('Анна Петрова');
    expect(m.subject).toBe('Re: Карта заблокирована');
    expect(m.text).toBe('Спасибо, жду.');
    expect(m.ownKey).toBe('<m3@client.example>');
    expect(m.externalId).toBe('<m3@client.example>');
    expect(m.threadKeys).toEqual(['<r2@bank.example>', '<r1@bank.example>', '<m1@client.example>']);
    expect(m.notes).toEqual([]);
  });

  it('sanitises HTML: no script, handlers, javascript: links or remote images; says so in a note', async () => {
    const m = await parseInboundEmail(
      mail(
        `From: x@client.example
Subject: hi
Message-ID: <h1@client.example>
Content-Type: text/html; charset=utf-8`,
        '<p onclick="steal()">Hello <b>there</b><script>alert(1)</script><img src="https://tracker.example/p.gif" alt="logo"><a href="javascript:alert(2)">x</a><a href="https://ok.example/">ok</a><style>body{background:url(https://t.example/)}</style><iframe src="https://evil.example"></iframe></p>',
      ),
    );
    expect(m.html).toBeDefined();
    expect(m.html).not.toMatch(/script|onclick|javascript:|tracker\.example|<style|iframe|t\.example/i);
    expect(m.html).toContain('<b>there</b>');
    expect(m.html).toContain('href="https://ok.example/"');
    expect(m.html).toContain('rel="noopener noreferrer nofollow"');
    expect(m.text).toContain('Hello there');
    expect(m.text).not.toMatch(/javascript|tracker/);
    expect(m.text).toContain('active content were removed');
  });

  it('drops dangerous attachments with a note, keeps the rest', async () => {
    const raw = mail(
      `From: x@client.example
Subject: files
Message-ID: <a1@client.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"`,
      `--b\r
Content-Type: text/plain\r
\r
See attached\r
--b\r
Content-Type: application/octet-stream; name="invoice.exe"\r
Content-Disposition: attachment; filename="invoice.exe"\r
Content-Transfer-Encoding: base64\r
\r
${Buffer.from('MZ\x90\x00rest').toString('base64')}\r
--b\r
Content-Type: application/pdf; name="statement.pdf"\r
Content-Disposition: attachment; filename="statement.pdf"\r
Content-Transfer-Encoding: base64\r
\r
${Buffer.from('%PDF-1.4 ...').toString('base64')}\r
--b\r
Content-Type: application/pdf; name="renamed.pdf"\r
Content-Disposition: attachment; filename="renamed.pdf"\r
Content-Transfer-Encoding: base64\r
\r
${Buffer.from('MZ\x90\x00program').toString('base64')}\r
--b--\r
`,
    );
    const m = await parseInboundEmail(raw);
    expect(m.attachments.map((a) => a.filename)).toEqual(['statement.pdf']);
    expect(m.notes.join('\n')).toContain('"invoice.exe"');
    expect(m.notes.join('\n')).toContain('"renamed.pdf"');
    expect(m.text).toContain('See attached');
    expect(m.text).toContain('[Kartoteka: The attachment "invoice.exe"');
  });

  it('keeps a message with broken MIME or no headers as text, never loses it', async () => {
    const broken = Buffer.from(
      'From: y@client.example\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\njust text, the boundary never comes\r\n',
    );
    const m = await parseInboundEmail(broken, { envelopeFrom: 'Y@client.example' });
    expect(m.from).toBe('y@client.example');
    expect(m.text).toContain('just text');
    expect(m.text).toContain('MIME structure could not be read');
    expect(m.externalId).toMatch(/^sha256:/);
    const bare = await parseInboundEmail(Buffer.from('hello without headers'), { envelopeFrom: 'z@client.example' });
    expect(bare.from).toBe('z@client.example');
    expect(bare.text).toContain('hello without headers');
  });

  it('an empty message is kept with a note', async () => {
    const m = await parseInboundEmail(mail('From: e@client.example\nSubject: only a subject', ''));
    expect(m.subject).toBe('only a subject');
    expect(m.text).toContain('had no text');
  });

  it('names why an attachment is dangerous', () => {
    expect(dangerousAttachment('a.JS', 'text/plain', Buffer.from('x'))).toMatch(/\.js/);
    expect(dangerousAttachment('run.scr', 'application/octet-stream', Buffer.from('x'))).toMatch(/\.scr/);
    expect(dangerousAttachment('page', 'text/html', Buffer.from('<b>'))).toMatch(/text\/html/);
    expect(dangerousAttachment('photo.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8]))).toBeNull();
  });

  it('sanitiser keeps inline data: images and drops cid:/remote ones', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitizeEmailHtml(`<img src="${png}" alt="a">`)).toContain(png);
    expect(sanitizeEmailHtml('<img src="cid:x@y" alt="b">')).toBe('');
    expect(sanitizeEmailHtml('<img src="https://t.example/p.gif">')).toBe('');
    expect(sanitizeEmailHtml('<svg onload="x()"><text>t</text></svg>ok')).toBe('ok');
  });
});

describe('flood gate', () => {
  it('allows a burst, then one per interval, and says how long to wait', () => {
    let now = 0;
    const g = new FloodGate({ burst: 3, perSecond: 0.5 }, () => now);
    expect([g.take('a'), g.take('a'), g.take('a')]).toEqual([0, 0, 0]);
    expect(g.take('a')).toBe(2000);
    expect(g.take('b')).toBe(0);
    now = 2000;
    expect(g.take('a')).toBe(0);
    expect(g.take('a')).toBeGreaterThan(0);
    expect(g.wait('b')).toBe(0);
    expect(g.wait('a')).toBeGreaterThan(0);
  });
});
