// Per-source counters, per listener and per peer address, for GET /api/v1/ingest/sources. The peer
// table is bounded: beyond MAX_PEERS the least recently seen peer is folded into `other_peers`, so
// a scan from many addresses cannot grow memory; the listener's totals always count everything.
// The counters are kept across restarts as their snapshots (counter-persistence.ts).

export const COUNTER_NAMES = ['received', 'bytes', 'parsed', 'events', 'rejected', 'dead_lettered', 'dropped', 'truncated', 'invalid_utf8'] as const;
/**
 * received: lines (messages) received; bytes: bytes read off the wire; parsed: lines the parser
 * read; events: events those lines gave that passed normalization (committed, or counted as
 * duplicates); rejected: lines refused (unparseable, over-long, or an event normalization
 * rejected); dead_lettered: lines kept in the dead letters; dropped: lines lost (UDP datagrams
 * under overload, or when even the dead letters could not be written); truncated and
 * invalid_utf8: lines received with that flag.
 */
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counts = Record<CounterName, number>;

export interface ListenerInfo {
  protocol: 'udp' | 'tcp' | 'tls' | 'http' | 'replay';
  address?: string;
  port?: number;
}

export interface PeerSnapshot extends Counts {
  address: string;
  first_seen: string;
  last_seen: string;
}

export interface ListenerSnapshot extends ListenerInfo {
  name: string;
  /** TCP and TLS: connections open now. */
  connections: number;
  /** Connections or datagrams refused because the peer is not on the allow-list. */
  refused: number;
  /** Socket and TLS handshake errors. */
  errors: number;
  totals: Counts;
  /** Most recently seen first. */
  peers: PeerSnapshot[];
  /** The peers folded out of the bounded table: how many, and their counts. */
  other_peers: Counts & { peers: number };
}

export const MAX_PEERS = 256;

function zeroCounts(): Counts {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counts;
}

/** The counters of a saved record; a counter it lacks (one added since) starts at 0. */
function countsOf(saved: Partial<Counts>): Counts {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, saved[name] ?? 0])) as Counts;
}

interface PeerEntry { counts: Counts; first_seen: string; last_seen: string }

export class SourceCounters {
  readonly totals = zeroCounts();
  connections = 0;
  refused = 0;
  errors = 0;
  /** In order of last sight, oldest first (a Map keeps insertion order). */
  private readonly peers = new Map<string, PeerEntry>();
  private readonly folded = zeroCounts();
  private foldedPeers = 0;

  constructor(readonly name: string, public info: ListenerInfo, private readonly maxPeers = MAX_PEERS) {}

  /** The peer was seen at `at` (ISO): it becomes the most recent, and is added if new. */
  seen(peer: string, at: string): void {
    let entry = this.peers.get(peer);
    if (entry) {
      this.peers.delete(peer);
    } else {
      entry = { counts: zeroCounts(), first_seen: at, last_seen: at };
      if (this.peers.size >= this.maxPeers) this.foldOldest();
    }
    entry.last_seen = at;
    this.peers.set(peer, entry);
  }

  add(peer: string, name: CounterName, count = 1): void {
    this.totals[name] += count;
    (this.peers.get(peer)?.counts ?? this.folded)[name] += count;
  }

  snapshot(): ListenerSnapshot {
    const peers = [...this.peers].reverse().map(([address, entry]) => ({ address, first_seen: entry.first_seen, last_seen: entry.last_seen, ...entry.counts }));
    return {
      name: this.name, ...this.info, connections: this.connections, refused: this.refused, errors: this.errors,
      totals: { ...this.totals }, peers, other_peers: { peers: this.foldedPeers, ...this.folded },
    };
  }

  /** Continues from a saved snapshot (of an earlier run): its counts, peers and folded peers. */
  restore(saved: ListenerSnapshot): void {
    Object.assign(this.totals, countsOf(saved.totals));
    this.refused = saved.refused ?? 0;
    this.errors = saved.errors ?? 0;
    this.peers.clear();
    // Snapshots list the most recent peer first; the table keeps the oldest first.
    for (const peer of [...saved.peers].reverse().slice(-this.maxPeers)) {
      this.peers.set(peer.address, { counts: countsOf(peer), first_seen: peer.first_seen, last_seen: peer.last_seen });
    }
    Object.assign(this.folded, countsOf(saved.other_peers));
    this.foldedPeers = saved.other_peers.peers ?? 0;
  }

  private foldOldest(): void {
    const [oldest, entry] = this.peers.entries().next().value as [string, PeerEntry];
    this.peers.delete(oldest);
    for (const name of COUNTER_NAMES) this.folded[name] += entry.counts[name];
    this.foldedPeers++;
  }
}

/** Every listener's counters by name; a restarted listener keeps counting where it left off. */
export class IngestSources {
  private readonly listeners = new Map<string, SourceCounters>();
  /** Listeners known only from saved counters so far: the first to start under the name describes itself. */
  private readonly restored = new Set<string>();

  /** The listener's counters; `info` describes a listener seen for the first time since the server started. */
  listener(name: string, info: ListenerInfo): SourceCounters {
    const existing = this.listeners.get(name);
    if (existing) {
      if (this.restored.delete(name)) existing.info = info;
      return existing;
    }
    const counters = new SourceCounters(name, info);
    this.listeners.set(name, counters);
    return counters;
  }

  snapshot(): ListenerSnapshot[] {
    return [...this.listeners.values()].map((counters) => counters.snapshot());
  }

  /** Continues from saved snapshots (call before the listeners start); until one starts, it shows its saved counts. */
  restore(saved: ListenerSnapshot[]): void {
    for (const listener of saved) {
      this.listener(listener.name, { protocol: listener.protocol, address: listener.address, port: listener.port }).restore(listener);
      this.restored.add(listener.name);
    }
  }
}
