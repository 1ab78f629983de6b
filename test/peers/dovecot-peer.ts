import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real IMAP server for tests: Debian's Dovecot (`apt-get install dovecot-imapd`; .ci/run installs
 * it), started in the foreground on a free loopback port with its own configuration, a passwd-file
 * of users and maildirs under a temporary directory. Plain IMAP without TLS on loopback.
 */
export interface DovecotPeer {
  port: number;
  users: Record<string, string>;
  close(): Promise<void>;
}

/** Whether Dovecot is installed here (tests skip otherwise and say why). */
export function dovecotAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v dovecot'], { stdio: 'ignore' }).status === 0;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startDovecot(users: Record<string, string>): Promise<DovecotPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'kt-dovecot-'));
  // Dovecot's auth process runs as its own user and must read the passwd-file.
  chmodSync(dir, 0o755);
  for (const d of ['mail', 'run', 'state']) mkdirSync(join(dir, d));
  const port = await freePort();
  // Dovecot never reads mail as root: as root, the maildirs belong to nobody.
  const root = (process.getuid?.() ?? 0) === 0;
  const uid = root ? 65534 : process.getuid!();
  const gid = root ? 65534 : process.getgid!();
  if (root) chownSync(join(dir, 'mail'), uid, gid);
  writeFileSync(
    join(dir, 'users'),
    Object.entries(users)
      .map(([u, p]) => `${u}:{PLAIN}${p}`)
      .join('\n') + '\n',
    { mode: 0o644 },
  );
  // Unprivileged login processes need the packaged users (dovenull, dovecot); as another user
  // Dovecot runs everything as that user.
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
first_valid_uid = 0
first_valid_gid = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
${root ? 'default_login_user = dovenull\ndefault_internal_user = dovecot' : `default_login_user = ${process.env.USER ?? 'root'}\ndefault_internal_user = ${process.env.USER ?? 'root'}`}
`,
  );
  const proc: ChildProcess = spawn('dovecot', ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  let exited = false;
  proc.once('exit', () => (exited = true));
  const until = Date.now() + 15_000;
  for (;;) {
    if (exited) {
      const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`dovecot exited at start: ${log.slice(-2000)}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.once('data', (d) => {
          s.destroy();
          resolve(d.toString().startsWith('* OK'));
        });
      });
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > until) {
      proc.kill('SIGKILL');
      throw new Error('dovecot did not start listening within 15 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    users,
    async close() {
      if (!exited) {
        const gone = new Promise<void>((r) => proc.once('exit', () => r()));
        proc.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        if (!exited) proc.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
