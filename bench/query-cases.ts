// The query benchmark's four queries over the seed-like events of seed-batches.ts, each in the query
// language and as the bare SQL a person would write against the same schema for the same rows,
// page and total.
import type Database from 'better-sqlite3';

/** What a list query answers: the page's event uuids in order, and the count of every match. */
export interface Answer {
  uuids: string[];
  total: number;
}

/** The API's window on device_time (ISO, both bounds inclusive) and its page size. */
export interface ListWindow {
  from: string;
  to: string;
  limit: number;
}

export interface QueryCase {
  name: string;
  query: string;
  /** Whether an index serves the query, so that the latency targets apply. */
  indexed: boolean;
  /** Prepares the bare SQL once; the function returned runs it. */
  bare(db: Database.Database, window: ListWindow): () => Answer;
}

const HOUR_MS = 3_600_000;
const ORDER = 'ORDER BY device_time DESC, id DESC';

/** The bench's device 123 (seed-batches.ts numbers them in hex). */
const DEVICE_UID = '9a52620b-7e80-4e78-bf32-00000000007b';

/** A page and a count over one WHERE clause with the same parameters, documents parsed as the store parses them. */
function pageAndCount(db: Database.Database, whereSql: string, limit: number): (...params: unknown[]) => Answer {
  const page = db.prepare<unknown[], { doc: string }>(`SELECT doc FROM events WHERE ${whereSql} ${ORDER} LIMIT ${limit}`);
  const count = db.prepare<unknown[], { total: number }>(`SELECT COUNT(*) AS total FROM events WHERE ${whereSql}`);
  return (...params) => ({
    uuids: page.all(...params).map((row) => (JSON.parse(row.doc) as { event_uuid: string }).event_uuid),
    total: count.get(...params)!.total,
  });
}

const windowMs = (window: ListWindow) => [Date.parse(window.from), Date.parse(window.to)];

export const QUERY_CASES: readonly QueryCase[] = [
  {
    name: 'indexed field',
    query: `device_uid:"${DEVICE_UID}"`,
    indexed: true,
    bare(db, window) {
      // The device's key, then one index seek per hour of its events within the window.
      const device = db.prepare<[string], { id: number; first: number; last: number }>(
        "SELECT id, unixepoch(first_seen, 'subsec') * 1000 AS first, unixepoch(last_seen, 'subsec') * 1000 AS last FROM endpoints WHERE device_uid = ?",
      );
      const run = pageAndCount(db, 'device_ref = ? AND device_time / 3600000 IN (SELECT value FROM json_each(?)) AND device_time BETWEEN ? AND ?', window.limit);
      const [from, to] = windowMs(window);
      return () => {
        const { id, first, last } = device.get(DEVICE_UID)!;
        const hours: number[] = [];
        for (let hour = Math.trunc(Math.max(first, from) / HOUR_MS); hour <= Math.trunc(Math.min(last, to) / HOUR_MS); hour++) hours.push(hour);
        return run(id, JSON.stringify(hours), from, to);
      };
    },
  },
  {
    name: 'compound with a range',
    query: 'type_id:4124 AND (signature_id:32351 OR signature_id:32362) AND device_time:[2021-06-11T00:00:00.000Z TO 2021-06-11T05:59:59.999Z]',
    indexed: true,
    bare(db, window) {
      const run = pageAndCount(db, 'type_id = 4124 AND signature_id IN (32351, 32362) AND device_time BETWEEN ? AND ?', window.limit);
      const [from, to] = [Date.parse('2021-06-11T00:00:00.000Z'), Date.parse('2021-06-11T05:59:59.999Z')];
      return () => run(from, to);
    },
  },
  {
    name: 'CIDR',
    query: 'external_ip:192.0.2.128/28',
    indexed: false,
    bare(db, window) {
      const run = pageAndCount(db, "substr(external_ip, 1, 8) = '192.0.2.' AND CAST(substr(external_ip, 9) AS INTEGER) BETWEEN 128 AND 143 AND device_time BETWEEN ? AND ?", window.limit);
      const [from, to] = windowMs(window);
      return () => run(from, to);
    },
  },
  {
    name: 'JSON field',
    query: 'mitre.technique_id:T1071',
    indexed: false,
    bare(db, window) {
      const run = pageAndCount(db, "json_extract(doc, '$.mitre.technique_id') = 'T1071' AND device_time BETWEEN ? AND ?", window.limit);
      const [from, to] = windowMs(window);
      return () => run(from, to);
    },
  },
];
