import WebSocket from 'ws';

/**
 * A WebSocket client for tests (the `ws` package: a real socket to a listening server). It keeps
 * every JSON message it received and waits for the one a test expects.
 */
export interface WsClient {
  socket: WebSocket;
  /** Every message received so far, parsed. */
  received: any[];
  send(message: unknown): void;
  /** The first message (already received or to come) matching `match`, after the `from`-th one. */
  next(match: (m: any) => boolean, timeoutMs?: number, from?: number): Promise<any>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): Promise<number>;
}

export async function openWs(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
  const socket = new WebSocket(url, { headers });
  const received: any[] = [];
  const waiters: { match: (m: any) => boolean; from: number; resolve: (m: any) => void }[] = [];
  socket.on('message', (data) => {
    let m: any;
    try {
      m = JSON.parse(String(data));
    } catch {
      m = { raw: String(data) };
    }
    received.push(m);
    for (const w of [...waiters])
      if (w.match(m) && received.length > w.from) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (req, res) => {
      // Handled here, so `ws` leaves the connection open: closed now.
      req.destroy();
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode }));
    });
  });
  return {
    socket,
    received,
    send: (message) => socket.send(JSON.stringify(message)),
    next(match, timeoutMs = 20_000, from = 0) {
      const hit = received.slice(from).find(match);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { match, from, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(
              new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(received).slice(0, 2000)}`),
            );
          }
        }, timeoutMs);
      });
    },
    closed,
    async close() {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close();
      return closed;
    },
  };
}
