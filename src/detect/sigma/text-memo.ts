// Remembers a text function's answers for recently seen texts. Telemetry repeats itself (the same image
// paths, call traces and command lines arrive thousands of times), and a Map lookup of a string
// costs far less than a regular expression run or a scan for hundreds of literals. Bounded: texts
// longer than MAX_TEXT are not remembered, and at most 2 × capacity answers are kept — two
// generations, so that texts which keep coming back survive the one-off values (times, GUIDs)
// that fill the memo.
const MAX_TEXT = 2048;

export class TextMemo<T> {
  private recent = new Map<string, T>();
  private older = new Map<string, T>();

  constructor(private readonly capacity = 1024) {}

  /** The answer remembered for the text; undefined when there is none. */
  get(text: string): T | undefined {
    if (text.length > MAX_TEXT) return undefined;
    let answer = this.recent.get(text);
    if (answer === undefined) {
      answer = this.older.get(text);
      if (answer !== undefined) this.set(text, answer);
    }
    return answer;
  }

  set(text: string, answer: T): void {
    if (text.length > MAX_TEXT) return;
    if (this.recent.size >= this.capacity) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(text, answer);
  }
}

export function memoized<T>(compute: (text: string) => T, capacity?: number): (text: string) => T {
  const memo = new TextMemo<T>(capacity);
  return (text) => {
    let answer = memo.get(text);
    if (answer === undefined) {
      answer = compute(text);
      memo.set(text, answer);
    }
    return answer;
  };
}
