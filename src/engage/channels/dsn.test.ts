import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReport } from './dsn.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('DSN and ARF parsing', () => {
  it('a 5.x.x failure (Postfix DSN, original headers attached) is a hard bounce of the original Message-ID', async () => {
    const r = await parseReport(fixture('dsn-hard.eml'));
    expect(r.kind).toBe('dsn');
    expect(r.recipient).toBe('nobody@example.org');
    expect(r.reports).toHaveLength(1);
    expect(r.reports[0]).toMatchObject({
      providerId: '<0193a0b2-1111-7000-8000-000000000001@example.com>',
      status: 'bounced',
      bounce: 'hard',
    });
    expect(r.reports[0]!.reason).toMatch(/^dsn_5\.1\.1: 550 5\.1\.1 <nobody@example\.org>: Recipient address rejected/);
  });

  it('a 4.x.x failure (base64 status part, original message attached) is a soft bounce', async () => {
    const r = await parseReport(fixture('dsn-soft.eml'));
    expect(r.reports).toEqual([
      {
        providerId: '<0193a0b2-2222-7000-8000-000000000002@example.com>',
        status: 'bounced',
        bounce: 'soft',
        reason: 'dsn_4.2.2: 452 4.2.2 Mailbox full',
      },
    ]);
    expect(r.recipient).toBe('full@example.org');
  });

  it('a "delayed" DSN is a warning, not a bounce', async () => {
    const r = await parseReport(fixture('dsn-delayed.eml'));
    expect(r.kind).toBe('dsn');
    expect(r.reports).toEqual([]);
  });

  it('an ARF abuse report is a complaint about the original Message-ID', async () => {
    const r = await parseReport(fixture('arf.eml'));
    expect(r.kind).toBe('arf');
    expect(r.recipient).toBe('user@example.org');
    expect(r.reports).toHaveLength(1);
    expect(r.reports[0]).toMatchObject({
      providerId: '<0193a0b2-4444-7000-8000-000000000004@example.com>',
      status: 'complained',
      reason: 'arf_abuse',
    });
    expect(r.reports[0]!.at).toBeInstanceOf(Date);
  });

  it("a pre-RFC 3464 bounce (qmail) is read from the daemon's text", async () => {
    const r = await parseReport(fixture('plain-bounce.eml'));
    expect(r.reports).toEqual([
      {
        providerId: '<0193a0b2-5555-7000-8000-000000000005@example.com>',
        status: 'bounced',
        bounce: 'hard',
        reason: 'dsn_5.1.1',
      },
    ]);
    expect(r.recipient).toBe('gone@example.org');
  });

  it('an ordinary message (an auto-reply) gives no report', async () => {
    const r = await parseReport(fixture('auto-reply.eml'));
    expect(r).toEqual({ kind: 'unknown', reports: [], recipient: null });
  });

  it('CRLF line endings (as SMTP delivers them) parse the same', async () => {
    const crlf = fixture('dsn-hard.eml').toString('utf8').replace(/\r?\n/g, '\r\n');
    const r = await parseReport(crlf);
    expect(r.reports[0]).toMatchObject({
      providerId: '<0193a0b2-1111-7000-8000-000000000001@example.com>',
      bounce: 'hard',
    });
  });
});
