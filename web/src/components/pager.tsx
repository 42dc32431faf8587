// Paging through the API's `next` cursor. The cursor is opaque, so the console remembers, for each
// cursor it followed, the page before it and where the page starts.
import { navigate, withChanges, type Location } from '../router.tsx';
import { formatCount } from '../format.ts';

const followed = new Map<string, { previous: string | undefined; offset: number }>();

interface PagerProps {
  location: Location;
  shown: number;
  total: number;
  next: string | null;
  noun: string;
}

export function Pager({ location, shown, total, next, noun }: PagerProps) {
  const cursor = location.params.get('cursor') ?? undefined;
  const here = cursor ? followed.get(cursor) : { previous: undefined, offset: 0 };
  const go = (target: string | undefined) => navigate(withChanges(location, { cursor: target }));
  const forward = () => {
    if (!next) return;
    followed.set(next, { previous: cursor, offset: (here?.offset ?? 0) + shown });
    go(next);
  };
  const range = here && shown > 0 ? `${formatCount(here.offset + 1)}–${formatCount(here.offset + shown)} of ` : '';
  return (
    <nav className="pager" aria-label={`${noun} pages`}>
      <span className="muted">{range}{formatCount(total)} {noun}</span>
      <button type="button" className="button-secondary" disabled={!cursor} onClick={() => go(here?.previous)}>← Previous</button>
      <button type="button" className="button-secondary" disabled={!next} onClick={forward}>Next →</button>
    </nav>
  );
}
