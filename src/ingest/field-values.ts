// Converters from what senders write to the canonical value of one field. Each returns the
// converted value or an Invalid; a class rather than a result object so that the common,
// successful path allocates nothing.
import { isIP } from 'node:net';
import { parseCoded, parseTime, type Catalog } from '../model/index.ts';
import { describeValue } from './error-text.ts';

export class Invalid {
  constructor(readonly reason: string) {}
}

/** Takes a non-null value as sent; returns the canonical value or an Invalid. */
export type Converter = (value: unknown) => unknown;

export function codedConverter(catalog: Catalog): Converter {
  return (value) => {
    // Most senders already write integer codes: no result object for them.
    if (Number.isInteger(value)) return value;
    const result = parseCoded(catalog, value);
    return result.ok ? result.code : new Invalid(result.reason);
  };
}

// An event's times are often one text (time, device_time, log_time): the last accepted text and
// its canonical form are remembered, so the repeats cost a comparison instead of a parse.
let lastTimeText: string | undefined;
let lastTimeIso = '';

export const toTime: Converter = (value) => {
  if (value === lastTimeText) return lastTimeIso;
  const result = parseTime(value);
  if (!result.ok) return new Invalid(result.reason);
  if (typeof value === 'string') {
    lastTimeText = value;
    lastTimeIso = result.iso;
  }
  return result.iso;
};

const DIGITS = /^\d+$/;
/** The console shows large numbers with thousands separators: "18,878". */
const GROUPED_DIGITS = /^\d{1,3}(?:,\d{3})+$/;

function wholeNumber(value: unknown): number | undefined {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (DIGITS.test(text)) number = Number(text);
    else if (GROUPED_DIGITS.test(text)) number = Number(text.replaceAll(',', ''));
    else return undefined;
  } else return undefined;
  return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

export const toPort: Converter = (value) => {
  const number = wholeNumber(value);
  return number !== undefined && number <= 65535 ? number : new Invalid(`a port must be a whole number from 0 to 65535, got ${describeValue(value)}`);
};

/** Network Events (8007) carry source_port and target_port as lists; those are kept as sent. */
export const toPortUnlessList: Converter = (value) => (Array.isArray(value) ? value : toPort(value));

export const toCount: Converter = (value) => wholeNumber(value) ?? new Invalid(`must be a whole number (0 or more), got ${describeValue(value)}`);

export const toIpAddress: Converter = (value) => {
  if (typeof value === 'string' && isIP(value)) return value;
  const address = typeof value === 'string' ? value.trim() : '';
  return isIP(address) ? address : new Invalid(`must be an IPv4 or IPv6 address, got ${describeValue(value)}`);
};

export const toBoolean: Converter = (value) => {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  return new Invalid(`must be true or false, got ${describeValue(value)}`);
};

/** The console shows lists comma-separated: "Attack, Malcode, Trojan". */
export const toStringList: Converter = (value) => {
  if (typeof value === 'string') return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return new Invalid(`must be a list of strings or a comma-separated string, got ${describeValue(value)}`);
};

/** Longest device_uid taken: SEP and EDR write 36-character GUIDs; the API reads it back in a URL path. */
export const MAX_DEVICE_UID_LENGTH = 256;

/**
 * Text that names something (an endpoint's uid or name): the stores key their endpoint tables on
 * it, so an object or a boolean there must fail its event, not the batch's commit. A whole number
 * (some agents number their hosts) is kept as its decimal text.
 */
function toName(maxLength: number): Converter {
  return (value) => {
    const text = Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string') return new Invalid(`must be a string, got ${describeValue(value)}`);
    return text.length <= maxLength ? text : new Invalid(`must be at most ${maxLength} characters, got ${describeValue(value)}`);
  };
}

export const toDeviceUid = toName(MAX_DEVICE_UID_LENGTH);
/** No length limit: a padded host name must not be a way to keep a detection out of the store. */
export const toDeviceName = toName(Infinity);

const MAX_EVENT_UUID_LENGTH = 128;

export const toEventUuid: Converter = (value) => (typeof value === 'string' && value !== '' && value.length <= MAX_EVENT_UUID_LENGTH
  ? value
  : new Invalid(`must be a non-empty string of at most ${MAX_EVENT_UUID_LENGTH} characters, got ${describeValue(value)}`));
