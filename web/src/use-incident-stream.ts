// New and changed incidents pushed by the server (GET /api/v1/stream, server-sent events with the
// session cookie). EventSource reconnects by itself; the status says whether updates are flowing.
import { useEffect, useRef, useState } from 'react';
import type { IncidentAnnouncement } from './types.ts';

export type StreamStatus = 'connecting' | 'live' | 'down';

export function useIncidentStream(onAnnouncement: (announcement: IncidentAnnouncement) => void): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onAnnouncement);
  handler.current = onAnnouncement;

  useEffect(() => {
    const source = new EventSource('/api/v1/stream', { withCredentials: true });
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
    source.addEventListener('incident', (event) => {
      try {
        handler.current(JSON.parse((event as MessageEvent<string>).data) as IncidentAnnouncement);
      } catch {
        // A malformed announcement only costs a refresh that did not happen; the next one catches up.
      }
    });
    return () => source.close();
  }, []);
  return status;
}
