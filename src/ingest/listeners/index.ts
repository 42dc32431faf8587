// Ingest sources other than JSON over HTTP: syslog listeners, lines in a wire format (HTTP ?format=,
// `vigil ingest --format`), their per-source counters, and the dead letters' replay.
export { bodyLines } from './body-lines.ts';
export { restoreCounters, startSavingCounters } from './counter-persistence.ts';
export { REPLAY_LIMIT, replayDeadLetters, type ReplayResult } from './dead-letter-replay.ts';
export { ingestFormattedBody, UnknownFormatError } from './http-lines.ts';
export type { ListenerLog } from './line-batcher.ts';
export { DEFAULT_DEAD_LETTER_MAX_ROWS, LineIngest } from './line-ingest.ts';
export type { RunningListener } from './listener.ts';
export { PeerAllowListError, peerAllowList } from './peer-allow-list.ts';
export { decodeLine, originOf } from './received-line.ts';
export { COUNTER_NAMES } from './source-counters.ts';
export { DEFAULT_MAX_MESSAGE_BYTES } from './syslog-message-line.ts';
export { defaultParseWorkers, ParsePool } from './parse-pool.ts';
export { startSyslogListeners, type SyslogListenerSettings } from './syslog-listeners.ts';
export type { TlsIdentity } from './tcp-listener.ts';
