// The PostgreSQL store's listening connection (postgres.ts): LISTEN on the log's channel, and wake
// the subscribers on each notification. It is set up on the first subscription and, when it drops,
// again a second later (the poll carries the subscribers meanwhile, and the wake after LISTEN
// catches up on whatever was notified while it was down).
import pg from 'pg';

export interface Listener {
  /** Start listening, unless already listening or closed. */
  listen(): void;
  close(): Promise<void>;
}

/**
 * `wake` is called on each notification and once LISTEN is in place; `wanted` says whether a
 * dropped connection is worth setting up again (some subscriber is still there).
 */
export function createListener(config: pg.ClientConfig, channel: string, wake: () => void, wanted: () => boolean): Listener {
  let client: pg.Client | undefined;
  let listening: Promise<void> | undefined;
  let relisten: NodeJS.Timeout | undefined;
  let closed = false;

  const listen = () => {
    if (listening || closed) return;
    const mine = new pg.Client(config);
    client = mine;
    const dropped = () => {
      if (client !== mine) return;
      listening = undefined;
      client = undefined;
      void mine.end().catch(() => {});
      if (!closed && wanted()) {
        relisten = setTimeout(listen, 1000);
        relisten.unref();
      }
    };
    mine.on('notification', wake);
    mine.on('error', dropped);
    mine.on('end', dropped);
    listening = mine
      .connect()
      .then(() => mine.query(`LISTEN ${channel}`))
      .then(() => wake())
      .catch(dropped);
  };

  return {
    listen,
    async close() {
      closed = true;
      if (relisten) clearTimeout(relisten);
      const last = client;
      client = undefined;
      await listening;
      await last?.end().catch(() => {});
    },
  };
}
