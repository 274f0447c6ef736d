// What `socle log import` checks of each event before the store sees it, in the log's order: that it
// continues the log (position, a new id, the next version of its stream, an ISO 8601 recordedAt,
// the hash chain), that the domain's rules accept it (import-domain-check.ts), and that the ledger
// read model folds it: a log `socle serve` could not replay must never be imported. Every refusal
// is one French sentence; the caller adds the line number.
import { GENESIS_HASH, chainHash } from '../store/hash-chain.ts';
import type { EventStore, RecordedEvent } from '../store/port.ts';
import { isIsoInstant } from '../store/stored-row.ts';
import { isCheckpointEvent, parseCheckpoint } from '../store/checkpoints.ts';
import { ledgerProjection, type LedgerState } from '../read-model/ledger.ts';
import { ImportRefusal, ImportDomainCheck } from './import-domain-check.ts';

export { ImportRefusal };


export class LogContinuation {
  private position = 0;
  private previousHash = GENESIS_HASH;
  private readonly ids = new Set<string>();
  private readonly versions = new Map<string, number>();
  private readonly domain = new ImportDomainCheck();
  private ledger: LedgerState = ledgerProjection.initialState();

  /** A checker that continues `store`'s log: its events are folded (and checked) first. */
  static async after(store: EventStore): Promise<LogContinuation> {
    const continuation = new LogContinuation();
    for await (const page of store.readPages()) {
      for (const event of page) {
        try {
          continuation.accept(event);
        } catch (error) {
          throw new ImportRefusal(`le journal déjà en place est refusé à sa position ${event.position} : ${(error as Error).message}`);
        }
      }
    }
    return continuation;
  }

  /** Throws an ImportRefusal saying why `event` cannot come next; otherwise folds it in. */
  accept(event: RecordedEvent): void {
    const expected = this.position + 1;
    if (event.position !== expected) throw new ImportRefusal(`position ${event.position}, le journal continue à la position ${expected}`);
    if (this.ids.has(event.id)) throw new ImportRefusal(`l'identifiant d'événement ${event.id} est déjà dans le journal`);
    const version = (this.versions.get(event.stream) ?? 0) + 1;
    if (event.streamVersion !== version)
      throw new ImportRefusal(`version ${event.streamVersion} du flux ${event.stream}, la version attendue est ${version}`);
    if (!isIsoInstant(event.recordedAt)) throw new ImportRefusal(`recordedAt « ${event.recordedAt} » n'est pas un instant ISO 8601 (AAAA-MM-JJTHH:MM:SS.mmmZ)`);
    const { hash, ...content } = event;
    if (chainHash(this.previousHash, content) !== hash) throw new ImportRefusal(`l'empreinte ne suit pas la chaîne à la position ${event.position}`);
    if (isCheckpointEvent(event)) {
      // A signed checkpoint is the log's, not the domain's: its shape is checked here, and its
      // signature and claim by socle verify once imported (they hold for the same positions).
      try {
        parseCheckpoint(event);
      } catch (error) {
        throw new ImportRefusal((error as Error).message);
      }
    } else this.acceptDomainEvent(event, hash);
    this.position = expected;
    this.previousHash = hash;
    this.ids.add(event.id);
    this.versions.set(event.stream, version);
  }

  private acceptDomainEvent(event: RecordedEvent, hash: string): void {
    const domainEvent = this.domain.accept(event);
    try {
      this.ledger = ledgerProjection.evolve(this.ledger, { ...domainEvent, id: event.id, position: event.position, hash, stream: event.stream, streamVersion: event.streamVersion, recordedAt: event.recordedAt, metadata: event.metadata });
    } catch (error) {
      throw new ImportRefusal(`le modèle de lecture ne peut pas l'intégrer : ${(error as Error).message}`);
    }
  }

  get head(): { position: number; hash: string } {
    return { position: this.position, hash: this.previousHash };
  }
}
