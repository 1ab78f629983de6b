/**
 * The SMTP peer in a process of its own (benches: the receiving side must not share the sender's
 * event loop). Started with IPC; prints nothing. Messages from the parent: `{cmd: 'port'}` →
 * `{port}`; `{cmd: 'stats'}` → `{received, unique, connections}`; `{cmd: 'reset'}`.
 */
import { startSmtpPeer } from './smtp-peer.ts';

const peer = await startSmtpPeer({ parse: false });
let offset = 0;
process.on('message', (m: { cmd: string; id: number }) => {
  const ids = peer.messageIds.slice(offset);
  if (m.cmd === 'port') process.send!({ id: m.id, port: peer.port });
  else if (m.cmd === 'stats')
    process.send!({ id: m.id, received: ids.length, unique: new Set(ids).size, connections: peer.connections() });
  else if (m.cmd === 'reset') {
    offset = peer.messageIds.length;
    process.send!({ id: m.id });
  }
});
process.on('disconnect', () => {
  void peer.close().then(() => process.exit(0));
});
process.send!({ ready: true });
