// Parses JSON and, when it is malformed, says where and why. JSON.parse does the work on the hot
// path; only a failure is rescanned, because V8's messages do not always carry a position
// ("Unexpected token ']', "[1,]" is not valid JSON") and vary between Node versions.

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; offset: number; reason: string };

export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const located = locateSyntaxError(text);
    // JSON.parse failed for a reason the grammar does not explain (e.g. out of memory): not ours to hide.
    if (!located) throw error;
    return { ok: false, ...located };
  }
}

export interface SyntaxErrorLocation {
  /** UTF-16 offset of the first character that cannot continue a JSON text. */
  offset: number;
  reason: string;
}

/** The first syntax error of a JSON text (RFC 8259), or undefined when it is valid. */
export function locateSyntaxError(text: string): SyntaxErrorLocation | undefined {
  return new SyntaxScanner(text).scan();
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;
const SIMPLE_ESCAPES = '"\\/bfnrt';

class SyntaxScanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  // Iterative over containers so that deeply nested input cannot overflow the stack.
  scan(): SyntaxErrorLocation | undefined {
    const containers: ('[' | '{')[] = [];
    for (;;) {
      this.skipWhitespace();
      const opener = this.text[this.pos];
      if (opener === '[' || opener === '{') {
        this.pos++;
        this.skipWhitespace();
        if (this.text[this.pos] === (opener === '[' ? ']' : '}')) this.pos++;
        else {
          if (opener === '{') {
            const error = this.propertyName();
            if (error) return error;
          }
          containers.push(opener);
          continue;
        }
      } else {
        const error = this.scalar();
        if (error) return error;
      }
      // A value is complete: close finished containers, then expect the next member.
      for (;;) {
        this.skipWhitespace();
        const container = containers.at(-1);
        if (container === undefined) return this.pos < this.text.length ? this.fail('the end of the input after the JSON value') : undefined;
        const next = this.text[this.pos];
        if (next === ',') {
          this.pos++;
          if (container === '{') {
            this.skipWhitespace();
            const error = this.propertyName();
            if (error) return error;
          }
          break;
        }
        if (next === (container === '[' ? ']' : '}')) {
          containers.pop();
          this.pos++;
          continue;
        }
        return this.fail(container === '[' ? "',' or ']' after an array element" : "',' or '}' after a property value");
      }
    }
  }

  private propertyName(): SyntaxErrorLocation | undefined {
    if (this.text[this.pos] !== '"') return this.fail('a double-quoted property name');
    const error = this.string();
    if (error) return error;
    this.skipWhitespace();
    if (this.text[this.pos] !== ':') return this.fail("':' after the property name");
    this.pos++;
    return undefined;
  }

  private scalar(): SyntaxErrorLocation | undefined {
    const first = this.text[this.pos];
    if (first === '"') return this.string();
    if (first === '-' || isDigit(first)) return this.number();
    if (first === 't') return this.literal('true');
    if (first === 'f') return this.literal('false');
    if (first === 'n') return this.literal('null');
    return this.fail('a value (object, array, string, number, true, false or null)');
  }

  private string(): SyntaxErrorLocation | undefined {
    const { text } = this;
    this.pos++;
    while (this.pos < text.length) {
      const char = text[this.pos];
      if (char === '"') {
        this.pos++;
        return undefined;
      }
      if (char < ' ') return this.fail('a printable character in the string (escape control characters as \\u00XX)');
      if (char === '\\') {
        this.pos++;
        const escape = text[this.pos];
        if (escape === 'u') {
          for (let digit = 0; digit < 4; digit++) {
            this.pos++;
            if (!HEX_DIGIT.test(text[this.pos] ?? '')) return this.fail('4 hex digits after \\u');
          }
        } else if (escape === undefined || !SIMPLE_ESCAPES.includes(escape)) return this.fail('an escape sequence (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)');
      }
      this.pos++;
    }
    return this.fail("'\"' closing the string");
  }

  private number(): SyntaxErrorLocation | undefined {
    if (this.text[this.pos] === '-') this.pos++;
    if (this.text[this.pos] === '0') this.pos++;
    else if (!this.digits()) return this.fail('a digit');
    if (this.text[this.pos] === '.') {
      this.pos++;
      if (!this.digits()) return this.fail('a digit after the decimal point');
    }
    if (this.text[this.pos] === 'e' || this.text[this.pos] === 'E') {
      this.pos++;
      if (this.text[this.pos] === '+' || this.text[this.pos] === '-') this.pos++;
      if (!this.digits()) return this.fail('a digit in the exponent');
    }
    return undefined;
  }

  /** Consumes a run of digits; false when there was none. */
  private digits(): boolean {
    const start = this.pos;
    while (isDigit(this.text[this.pos])) this.pos++;
    return this.pos > start;
  }

  private literal(word: string): SyntaxErrorLocation | undefined {
    for (const char of word) {
      if (this.text[this.pos] !== char) return this.fail(word);
      this.pos++;
    }
    return undefined;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return;
      this.pos++;
    }
  }

  private fail(expected: string): SyntaxErrorLocation {
    const found = this.pos >= this.text.length ? 'the end of the input' : JSON.stringify(String.fromCodePoint(this.text.codePointAt(this.pos)!));
    return { offset: this.pos, reason: `expected ${expected}, found ${found}` };
  }
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}
