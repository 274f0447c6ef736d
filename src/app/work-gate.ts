// At most a few heavy computations at once in the whole process, in arrival order. An as-of read
// replays part of the log on the one JavaScript thread; eight of them interleaved page by page held
// /api/health for 120 ms a turn (bench, section 5). Through the gate they run one after the other,
// each yielding every few milliseconds (runner.ts), so a probe or a write waits at most one slice.
// Past `maxWaiting` queued, a request is refused at once (503 with Retry-After) instead of piling up.

/** The gate is full: the caller should come back in a moment. The message is French, for the API. */
export class BusyError extends Error {
  constructor() {
    super('le serveur reconstitue déjà d’autres états passés du registre ; réessayez dans un instant');
    this.name = 'BusyError';
  }
}

export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.maxWaiting) throw new BusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running += 1;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  get queued(): number {
    return this.waiting.length;
  }
}
