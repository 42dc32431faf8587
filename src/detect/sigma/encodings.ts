// The encoding modifiers (`base64`, `base64offset`, `utf16le`/`utf16be`/`utf16`/`wide`) and `windash`.
// A value under encoding is a byte string (one char per byte) once a utf16 modifier ran; otherwise
// base64 encodes its UTF-8 bytes, as pySigma does.
import { mapLiterals, mergeLiterals, type Pattern, type PatternPart } from './pattern.ts';

export interface EncodedValue {
  readonly pattern: Pattern;
  /** True once a utf16 modifier turned the text into bytes. */
  readonly bytes: boolean;
}

export type Utf16Variant = 'utf16le' | 'utf16be' | 'utf16';

export function utf16(value: EncodedValue, variant: Utf16Variant): EncodedValue {
  const encode = (text: string): string => {
    let out = '';
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      out += variant === 'utf16be' ? String.fromCharCode(code >> 8, code & 0xff) : String.fromCharCode(code & 0xff, code >> 8);
    }
    return out;
  };
  const encoded = mapLiterals(value.pattern, encode);
  return { pattern: variant === 'utf16' ? mergeLiterals(['\xff\xfe', ...encoded]) : encoded, bytes: true };
}

function bufferOf(text: string, bytes: boolean): Buffer {
  return Buffer.from(text, bytes ? 'latin1' : 'utf8');
}

export function base64(text: string, bytes: boolean): string {
  return bufferOf(text, bytes).toString('base64');
}

/**
 * The three base64 forms of a value that sits at byte offset 0, 1 or 2 of a longer encoded string,
 * cut to the characters that do not depend on the neighbouring bytes.
 */
export function base64Offsets(text: string, bytes: boolean): string[] {
  const value = bufferOf(text, bytes);
  const startTrim = [0, 2, 3];
  const endTrim = [0, 3, 2];
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift, ' '), value]).toString('base64');
    const end = endTrim[(value.length + shift) % 3];
    return encoded.slice(startTrim[shift], end === 0 ? undefined : encoded.length - end);
  });
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const WORD = /\w/;

/**
 * Every spelling of a command-line flag: a dash-like character that starts a word (no word character
 * before it, one after it) may be any of `-`, `/`, en dash, em dash or horizontal bar.
 */
export function windashVariants(pattern: Pattern, limit: number): Pattern[] {
  const units: PatternPart[] = [];
  for (const part of pattern) {
    if (typeof part === 'string') units.push(...part);
    else units.push(part);
  }
  const isWord = (unit: PatternPart | undefined): boolean => typeof unit === 'string' && WORD.test(unit);
  const slots = units.flatMap((unit, index) =>
    typeof unit === 'string' && DASHES.includes(unit) && !isWord(units[index - 1]) && isWord(units[index + 1]) ? [index] : [],
  );
  if (DASHES.length ** slots.length > limit) throw new RangeError(`windash would make more than ${limit} variants`);
  let variants: PatternPart[][] = [units];
  for (const slot of slots) variants = variants.flatMap((variant) => DASHES.map((dash) => variant.map((unit, index) => (index === slot ? dash : unit))));
  return variants.map((variant) => mergeLiterals(variant));
}
