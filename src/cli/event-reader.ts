// Events for `vigil rules test`, fed line by line: NDJSON, JSON objects simply concatenated
// (pretty-printed, as evtx_dump writes them) or an array, split by the Sigma engine's
// JsonObjectSplitter. The splitter says neither where an object starts nor how to go on after
// broken text, so this keeps the text it has not returned yet: every event gets its line and column,
// and an entry that is not JSON is reported where it starts and skipped, reading on from the next line.
import { JsonObjectSplitter } from '../detect/sigma/index.ts';

export interface Position {
  line: number;
  column: number;
}

export type ReadEntry =
  | { kind: 'event'; event: Record<string, unknown>; at: Position }
  | { kind: 'unreadable'; reason: string; at: Position };

const SEPARATOR = /[\s,]/;

export class EventReader {
  private splitter = new JsonObjectSplitter();
  /** Text given to the splitter that it has not returned as an object yet; starts at `at`. */
  private pending = '';
  private at: Position;
  private entries: ReadEntry[] = [];

  constructor(start: Position = { line: 1, column: 1 }) {
    this.at = { ...start };
  }

  /** Feeds one line, with its newline; returns the entries it completed. */
  push(line: string): ReadEntry[] {
    this.feed([line]);
    return this.flush();
  }

  /** At the end of input: whatever was left unfinished is reported, and the lines after it read. */
  end(): ReadEntry[] {
    for (;;) {
      let reason = 'not a JSON object';
      try {
        this.splitter.end();
      } catch (error) {
        reason = (error as Error).message;
      }
      this.skipSeparators();
      if (this.pending === '') return this.flush();
      this.feed(this.skipEntry(reason));
    }
  }

  private flush(): ReadEntry[] {
    const entries = this.entries;
    this.entries = [];
    return entries;
  }

  private feed(lines: string[]): void {
    // A stack, so that lines handed back by a recovery are read next, without recursion.
    const stack = lines.reverse();
    for (let line = stack.pop(); line !== undefined; line = stack.pop()) {
      this.pending += line;
      let objects: string[];
      try {
        objects = this.splitter.push(line);
      } catch (error) {
        stack.push(...this.skipEntry((error as Error).message).reverse());
        continue;
      }
      for (const json of objects) this.take(json);
    }
  }

  /** Reports the entry at the cursor as unreadable and drops it up to its line's end; returns the lines after it. */
  private skipEntry(reason: string): string[] {
    this.skipSeparators();
    this.entries.push({ kind: 'unreadable', reason, at: { ...this.at } });
    const newline = this.pending.indexOf('\n');
    const rest = newline < 0 ? '' : this.pending.slice(newline + 1);
    this.pending = '';
    this.at = { line: this.at.line + 1, column: 1 };
    this.splitter = new JsonObjectSplitter();
    return rest.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  }

  private take(json: string): void {
    this.skipSeparators();
    // The splitter passes over a bare string between objects; it is no event.
    const offset = this.pending.indexOf(json);
    if (offset > 0) {
      this.entries.push({ kind: 'unreadable', reason: 'not a JSON object', at: { ...this.at } });
      this.advance(offset);
    }
    const start = { ...this.at };
    this.advance(json.length);
    if (json.startsWith('[')) {
      // An array's elements are objects separated by commas: read them like a stream of their own.
      const elements = new EventReader({ line: start.line, column: start.column + 1 });
      elements.feed(json.slice(1, -1).match(/[^\n]*\n|[^\n]+$/g) ?? []);
      this.entries.push(...elements.flush(), ...elements.end());
      return;
    }
    try {
      this.entries.push({ kind: 'event', event: JSON.parse(json) as Record<string, unknown>, at: start });
    } catch (error) {
      const { message } = error as Error;
      const position = /at position (\d+)/.exec(message);
      const at = position ? positionAfter(start, json.slice(0, Number(position[1]))) : start;
      this.entries.push({ kind: 'unreadable', reason: message.replace(/ in JSON at position \d+.*$/, ''), at });
    }
  }

  private skipSeparators(): void {
    let count = 0;
    while (count < this.pending.length && SEPARATOR.test(this.pending[count])) count++;
    this.advance(count);
  }

  private advance(count: number): void {
    this.at = positionAfter(this.at, this.pending.slice(0, count));
    this.pending = this.pending.slice(count);
  }
}

function positionAfter(start: Position, text: string): Position {
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline < 0) return { line: start.line, column: start.column + text.length };
  return { line: start.line + text.split('\n').length - 1, column: text.length - lastNewline };
}
