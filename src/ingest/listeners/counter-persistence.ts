// The listeners' counters across restarts: saved in the store's settings as their snapshots, every
// SAVE_INTERVAL_MS and when the server stops, and restored when it starts. After a crash the counts
// of the last interval at most are missing. A saved record that cannot be read is ignored (the
// counters start from 0) rather than stopping the start.
import type { Store } from '../../store/index.ts';
import { messageOf } from './line-parse.ts';
import { COUNTER_NAMES, type IngestSources, type ListenerSnapshot } from './source-counters.ts';

const SETTING = 'ingest_source_counters';
export const SAVE_INTERVAL_MS = 10_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown) => value === undefined || (Number.isSafeInteger(value) && (value as number) >= 0);
const hasCounts = (value: unknown) => isObject(value) && COUNTER_NAMES.every((name) => isCount(value[name]));

function isListenerSnapshot(value: unknown): value is ListenerSnapshot {
  return isObject(value) && typeof value.name === 'string' && typeof value.protocol === 'string'
    && isCount(value.refused) && isCount(value.errors) && hasCounts(value.totals)
    && isObject(value.other_peers) && hasCounts(value.other_peers) && isCount(value.other_peers.peers)
    && Array.isArray(value.peers)
    && value.peers.every((peer) => hasCounts(peer) && typeof peer.address === 'string' && typeof peer.first_seen === 'string' && typeof peer.last_seen === 'string');
}

/** Restores the saved counters; a message when the saved record could not be read (they then start from 0). */
export async function restoreCounters(store: Store, sources: IngestSources): Promise<string | undefined> {
  const text = await store.getSetting(SETTING);
  if (text === undefined) return undefined;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    saved = undefined;
  }
  if (!Array.isArray(saved) || !saved.every(isListenerSnapshot)) return 'the saved ingest source counters could not be read; they start from 0';
  sources.restore(saved);
  return undefined;
}

/**
 * Saves every SAVE_INTERVAL_MS until stopped, when the counters changed (an idle server writes
 * nothing); `stop` saves once more. `onFailure` hears why a save failed.
 */
export function startSavingCounters(store: Store, sources: IngestSources, onFailure: (message: string) => void): { stop(): Promise<void> } {
  const onError = (error: unknown) => onFailure(`the ingest source counters could not be saved: ${messageOf(error)}`);
  let saved = '';
  const save = async () => {
    const text = JSON.stringify(sources.snapshot());
    if (text === saved) return;
    await store.setSetting(SETTING, text);
    saved = text;
  };
  const timer = setInterval(() => void save().catch(onError), SAVE_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await save().catch(onError);
    },
  };
}
