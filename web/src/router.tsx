// A small history-API router: the URL holds every page's state (filters, query, selection) so a
// link can be shared; components read it with useLocation and change it with navigate.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

export function navigate(to: string, { replace = false } = {}): void {
  if (to === currentUrl()) return;
  const samePath = new URL(to, window.location.origin).pathname === window.location.pathname;
  window.history[replace ? 'replaceState' : 'pushState'](null, '', to);
  if (!samePath) window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export interface Location { path: string; params: URLSearchParams }

export function useLocation(): Location {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const [path, search = ''] = url.split('?', 2);
  return { path, params: new URLSearchParams(search) };
}

/** `path` with `params` changed (undefined or '' removes one); other parameters are kept. */
export function withChanges(location: Location, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(location.params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const search = params.toString();
  return search ? `${location.path}?${search}` : location.path;
}

/** Matches "/incidents/:id" against a path; the parameters decoded, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const segments = (text: string) => text.split('/').filter(Boolean);
  const wanted = segments(pattern);
  const actual = segments(path);
  if (wanted.length !== actual.length) return null;
  const found: Record<string, string> = {};
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i].startsWith(':')) {
      try {
        found[wanted[i].slice(1)] = decodeURIComponent(actual[i]);
      } catch {
        return null;
      }
    } else if (wanted[i] !== actual[i]) return null;
  }
  return found;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

/** An ordinary link (middle-click and ctrl-click open a tab) that navigates in place on a plain click. */
export function Link({ to, children, onClick, ...rest }: LinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...rest}>{children}</a>;
}
