// Remembers a text test's answers for recently seen texts. Telemetry repeats itself (the same image
// paths, call traces and command lines arrive thousands of times), and a Map lookup of a string
// costs far less than a regular expression run or a scan for hundreds of literals. Bounded: texts
// longer than MAX_TEXT are not remembered, and at most 2 × capacity answers are kept — two
// generations, so that texts which keep coming back survive the one-off values (times, GUIDs)
// that fill the memo.
const MAX_TEXT = 2048;

export function memoized(test: (text: string) => boolean, capacity = 1024): (text: string) => boolean {
  let recent = new Map<string, boolean>();
  let older = new Map<string, boolean>();
  return (text) => {
    if (text.length > MAX_TEXT) return test(text);
    let answer = recent.get(text);
    if (answer !== undefined) return answer;
    answer = older.get(text) ?? test(text);
    if (recent.size >= capacity) {
      older = recent;
      recent = new Map();
    }
    recent.set(text, answer);
    return answer;
  };
}
