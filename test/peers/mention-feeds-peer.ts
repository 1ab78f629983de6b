import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer the peer gives on a path: status, content type, body; `hang` never answers (a timeout). */
export interface PeerAnswer {
  status?: number;
  type?: string;
  body?: string | Buffer;
  hang?: boolean;
}

export interface MentionFeedsPeer {
  url: string;
  /** Sets what a path answers (the path without the query). */
  set(path: string, answer: PeerAnswer | ((body: string) => PeerAnswer)): void;
  /** Requests received: method, path with query, body. */
  requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

/**
 * A real HTTP server standing in for the outside world of mention sources: RSS and Atom feeds,
 * a Telegram bridge, VK's API (`/method/newsfeed.search`), review sites, and the broken ones (one
 * that never answers, one that answers garbage, one that answers an HTML page).
 */
export async function startMentionFeedsPeer(): Promise<MentionFeedsPeer> {
  const answers = new Map<string, PeerAnswer | ((body: string) => PeerAnswer)>();
  const requests: MentionFeedsPeer['requests'] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
      const path = (req.url ?? '/').split('?')[0];
      const given = answers.get(path);
      const a = typeof given === 'function' ? given(Buffer.concat(chunks).toString('utf8')) : given;
      if (!a) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      if (a.hang) {
        hanging.add(res);
        return;
      }
      res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'application/octet-stream' }).end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set: (path, answer) => answers.set(path, answer),
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
