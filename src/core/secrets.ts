import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Secrets at rest and signed tokens, from one 32-byte key (KARTOTEKA_SECRET_KEY, or a key file
 * generated once in the data directory). Sub-keys are derived per purpose (HKDF), so a token
 * signed for one purpose (an open pixel) never verifies for another (an unsubscribe link).
 *
 * Encryption is AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>` in base64url; a changed byte fails.
 */
export class Secrets {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.key = key;
  }

  /** From the setting (64 hex characters or base64 of 32 bytes), else from (or into) `keyFile`. */
  static load(setting: string, keyFile: string): Secrets {
    if (setting) {
      const key = /^[0-9a-f]{64}$/i.test(setting) ? Buffer.from(setting, 'hex') : Buffer.from(setting, 'base64');
      if (key.length !== 32) throw new Error('KARTOTEKA_SECRET_KEY must be 32 bytes: 64 hex characters or base64');
      return new Secrets(key);
    }
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      // 'wx': two processes starting at once never write two keys.
      try {
        writeFileSync(keyFile, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      chmodSync(keyFile, 0o600);
    }
    return Secrets.load(readFileSync(keyFile, 'utf8').trim(), keyFile);
  }

  // Derived once per purpose: signing is on the send and tracking hot paths.
  private readonly subKeys = new Map<string, Buffer>();
  private subKey(purpose: string): Buffer {
    let k = this.subKeys.get(purpose);
    if (!k) {
      k = Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `kartoteka:${purpose}`, 32));
      this.subKeys.set(purpose, k);
    }
    return k;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.subKey('encrypt'), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  decrypt(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.subKey('encrypt'), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** HMAC-SHA256 of `data` under the purpose's key, base64url (22 characters: 128 bits). */
  sign(purpose: string, data: string): string {
    return createHmac('sha256', this.subKey(`sign:${purpose}`))
      .update(data)
      .digest('base64url')
      .slice(0, 22);
  }

  verify(purpose: string, data: string, signature: string): boolean {
    const want = Buffer.from(this.sign(purpose, data));
    const got = Buffer.from(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
