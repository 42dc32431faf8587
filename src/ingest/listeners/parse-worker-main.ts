// The parse worker's loop: batches of lines in, prepared events out (the same as prepareLine gives
// on the listener's thread), as parse-pool.ts describes. One parser per format, created once: only
// formats whose parsers keep no state between lines are sent here.
import { parentPort } from 'node:worker_threads';
import { wireFormat, type LineParser } from '../parsers/index.ts';
import { messageOf, prepareLine } from './line-parse.ts';
import type { ParseReply, ParseRequest, WorkerLine } from './parse-pool.ts';

const parsers = new Map<string, LineParser>();

function parserFor(format: string): LineParser {
  let parser = parsers.get(format);
  if (!parser) {
    const known = wireFormat(format);
    if (!known) throw new Error(`unknown format ${format}`);
    parser = known.createParser();
    parsers.set(format, parser);
  }
  return parser;
}

function prepare({ id, format, texts, receivedAt, sources, flags }: ParseRequest): ParseReply {
  const parser = parserFor(format);
  const lines: WorkerLine[] = [];
  const eventTexts: string[] = [];
  const ends: number[] = [];
  let end = 0; // where the previous event's text ended in `[a,b,…]`
  texts.forEach((text, index) => {
    const result = prepareLine(parser, format, text, { receivedAt: receivedAt[index], source: sources[index] }, flags[index]);
    if (!result.ok) {
      lines.push(result);
      return;
    }
    for (const { event } of result.events) {
      const eventText = JSON.stringify(event);
      eventTexts.push(eventText);
      end += 1 + eventText.length;
      ends.push(end);
    }
    lines.push({ ok: true, count: result.events.length, errors: result.errors });
  });
  return { id, lines: JSON.stringify(lines), events: `[${eventTexts.join(',')}]`, ends };
}

parentPort!.on('message', (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = prepare(request);
  } catch (error) {
    reply = { id: request.id, error: messageOf(error) };
  }
  parentPort!.postMessage(reply);
});
