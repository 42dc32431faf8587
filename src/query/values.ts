// How values compare, defined once as SQLite compares them so that the in-memory evaluator and the
// SQL agree: case folding is ASCII-only (SQLite's NOCASE and LIKE), text order is UTF-8 byte order.

const ASCII_UPPER = /[A-Z]+/g;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function asciiLower(text: string): string {
  return text.replace(ASCII_UPPER, (letters) => letters.toLowerCase());
}

/** The number a value means when it is written as one ("18878", "-1", "2.5"); otherwise undefined. */
export function numberOf(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in SQLite's BINARY order. */
export function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** SQLite's LIKE reads text only up to a NUL character. */
export function likeSubject(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}
