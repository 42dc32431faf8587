// Tells whoever listens (the console's live queue, webhooks, SIEM forwarding) that an incident was
// created, updated or closed, after the change is committed. A listener that throws or is slow to
// return never reaches the writer: its error is reported to the feed's onError and dropped.
export type IncidentChangeKind = 'created' | 'updated' | 'closed';

export interface IncidentChange {
  kind: IncidentChangeKind;
  uuid: string;
  /** When the change was committed (ISO-8601). */
  at: string;
}

export type IncidentListener = (change: IncidentChange) => void;

export class IncidentFeed {
  readonly #listeners = new Set<IncidentListener>();

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  /** Returns the function that unsubscribes. */
  subscribe(listener: IncidentListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(change: IncidentChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
