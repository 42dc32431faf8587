// The benchmark's sender, run in a worker thread: a real sender is another process, so its JSON
// and HTTP client work must not share the server's thread. It prepares its batches, says
// 'ready', and on each { url, token } message posts them all with IN_FLIGHT requests at a time,
// answering with the number of events accepted.
import { parentPort, workerData } from 'node:worker_threads';
import { IN_FLIGHT, makeBatches } from './seed-batches.ts';

export interface SendOrder { url: string; token: string }
export type SenderMessage = { ready: true } | { accepted: number } | { error: string };


const port = parentPort!;
const batches = makeBatches(workerData.total as number);

async function sendAll({ url, token }: SendOrder): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let next = 0;
  let accepted = 0;
  const sender = async () => {
    while (next < batches.length) {
      const body = batches[next++];
      const response = await fetch(url, { method: 'POST', headers, body });
      const answer = await response.json() as { accepted: number };
      if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
      accepted += answer.accepted;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  return accepted;
}

port.on('message', (order: SendOrder) => {
  sendAll(order).then(
    (accepted) => port.postMessage({ accepted } satisfies SenderMessage),
    (error: Error) => port.postMessage({ error: error.message } satisfies SenderMessage),
  );
});
port.postMessage({ ready: true } satisfies SenderMessage);
