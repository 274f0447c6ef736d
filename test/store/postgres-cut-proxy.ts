// A TCP proxy in front of the PostgreSQL server, for the tests of a connection lost at a chosen
// moment of a write (store-unavailable.ts): armed, it cuts the next connection that sends either
// - 'lock': the advisory lock of a write (before anything is inserted, long before COMMIT), without
//   forwarding it: the transaction never commits;
// - 'commit': a COMMIT, forwarded, then the connection cut as soon as the server answers, the answer
//   never delivered: the server HAS committed and the client cannot know it.
// Unarmed, it forwards everything both ways. Clients reach it at `url` (DATABASE_URL's database).
import { createConnection, createServer, type Socket } from 'node:net';
import { DATABASE_URL } from './postgres-helpers.ts';

// The simple-protocol Query message node-postgres sends for client.query('COMMIT'): 'Q', the length
// (4 + "COMMIT\0" = 11), the text. The advisory lock goes by the extended protocol: its SQL text is in a Parse message.
const COMMIT_MESSAGE = Buffer.from('Q\0\0\0\x0bCOMMIT\0', 'latin1');
const LOCK_TEXT = Buffer.from('pg_advisory_xact_lock', 'latin1');

export interface CutProxy {
  url: string;
  /** Cut at the next lock or COMMIT, or, with `skip`, at the one after that many more. */
  arm(at: 'lock' | 'commit', skip?: number): void;
  /** Resolves once the armed cut has happened. */
  cut(): Promise<void>;
  close(): Promise<void>;
}

export async function startCutProxy(): Promise<CutProxy> {
  const target = new URL(DATABASE_URL);
  let armed: 'lock' | 'commit' | undefined;
  let skipping = 0;
  let onCut: (() => void) | undefined;
  let cutDone = Promise.resolve();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
      onCut?.();
    };
    let awaitingCommitAnswer = false;
    client.on('data', (chunk: Buffer) => {
      if (armed === 'lock' && chunk.includes(LOCK_TEXT) && skipping-- === 0) {
        armed = undefined;
        return cut();
      }
      if (armed === 'commit' && chunk.includes(COMMIT_MESSAGE)) {
        if (skipping > 0) skipping--;
        else {
          armed = undefined;
          awaitingCommitAnswer = true;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (awaitingCommitAnswer) return cut();
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(DATABASE_URL);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.href,
    arm(at, skip = 0) {
      armed = at;
      skipping = skip;
      cutDone = new Promise<void>((resolve) => (onCut = resolve));
    },
    cut: () => cutDone,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
