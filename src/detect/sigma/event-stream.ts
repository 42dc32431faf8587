// Events from a file: a JSON array, NDJSON, or JSON objects simply concatenated (pretty-printed one
// after another, as evtx_dump writes them). The splitter is incremental, so large files can be fed in
// chunks.

/** Splits a stream of concatenated JSON values at their top-level ends, without parsing them. */
export class JsonObjectSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  /** Feeds text; returns the complete top-level objects it finished. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const complete: string[] = [];
    let start = 0;
    for (let index = this.scanned; index < this.buffer.length; index++) {
      const char = this.buffer[index];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (char === '\\') this.escaped = true;
        else if (char === '"') this.inString = false;
      } else if (char === '"') {
        this.inString = true;
      } else if (char === '{' || char === '[') {
        if (this.depth === 0) start = index;
        this.depth++;
      } else if (char === '}' || char === ']') {
        this.depth--;
        if (this.depth === 0) complete.push(this.buffer.slice(start, index + 1));
        if (this.depth < 0) throw new SyntaxError(`unbalanced "${char}" in the JSON stream`);
      } else if (this.depth === 0 && !/\s|,/.test(char)) {
        throw new SyntaxError(`unexpected "${char}" between JSON objects`);
      }
    }
    // Keep only the unfinished object.
    if (this.depth === 0) {
      this.buffer = '';
      this.scanned = 0;
    } else {
      this.buffer = this.buffer.slice(start);
      this.scanned = this.buffer.length;
    }
    return complete;
  }

  /** Call at the end of input; throws if an object was left open. */
  end(): void {
    if (this.depth !== 0) throw new SyntaxError('the JSON stream ends inside an object');
  }
}

/** Every event object in a text of concatenated JSON objects, NDJSON or a JSON array of objects. */
export function parseEventText(text: string): Record<string, unknown>[] {
  const splitter = new JsonObjectSplitter();
  const values = splitter.push(text).map((json) => JSON.parse(json) as unknown);
  splitter.end();
  return values.flatMap((value) => (Array.isArray(value) ? value : [value])).filter(
    (value): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value),
  );
}
