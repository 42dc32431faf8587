// The domain an event names: in data_source_url_domain (which some senders, the seed among them,
// fill with a whole URL) or else in data_source_url. One reading for the entity tables, the
// incidents' remote party and the console's domain pages.

// Parsing a URL costs microseconds and every event of a sender tends to carry the same one.
let lastUrl = '';
let lastHost = '';

function hostOf(url: string): string {
  if (url === '') return '';
  if (url === lastUrl) return lastHost;
  let host = '';
  try {
    host = new URL(url.includes('://') ? url : `http://${url}`).hostname;
  } catch {
    // Not a URL: no domain.
  }
  lastUrl = url;
  lastHost = host;
  return host;
}

function trimmedText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The domain an event's data_source_url_domain and data_source_url name, lower case; '' when none. */
export function domainOf(domainField: unknown, url: unknown): string {
  const field = trimmedText(domainField);
  return (/[/:]/.test(field) ? hostOf(field) : field || hostOf(trimmedText(url))).toLowerCase();
}
