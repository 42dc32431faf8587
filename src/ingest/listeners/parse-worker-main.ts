// The parse worker's loop: batches of lines in, parse results out (the same as parseLine gives on
// the listener's thread). One parser per format, created once: only formats whose parsers keep
// no state between lines are sent here.
import { parentPort } from 'node:worker_threads';
import { wireFormat, type LineParser } from '../parsers/index.ts';
import { messageOf, parseLine } from './line-parse.ts';
import type { ParseReply, ParseRequest } from './parse-pool.ts';

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

parentPort!.on('message', ({ id, format, texts, receivedAt, sources }: ParseRequest) => {
  let reply: ParseReply;
  try {
    const parser = parserFor(format);
    reply = { id, results: JSON.stringify(texts.map((text, index) => parseLine(parser, format, text, { receivedAt: receivedAt[index], source: sources[index] }))) };
  } catch (error) {
    reply = { id, error: messageOf(error) };
  }
  parentPort!.postMessage(reply);
});
