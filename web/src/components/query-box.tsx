// The query-language input of the queue and the search page. A query the server cannot read
// comes back as 400 with the position: the input selects that character and the error panel
// points at it under the query.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api.ts';

interface QueryBoxProps {
  query: string;
  onSearch(query: string): void;
  error?: Error;
  placeholder: string;
  label: string;
}

export function QueryBox({ query, onSearch, error, placeholder, label }: QueryBoxProps) {
  const [draft, setDraft] = useState(query);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setDraft(query), [query]);

  const position = error instanceof ApiError && error.status === 400 ? error.position : undefined;
  useEffect(() => {
    if (position === undefined || !input.current) return;
    input.current.focus();
    input.current.setSelectionRange(position, Math.min(position + 1, input.current.value.length));
  }, [position, error]);

  // "/" puts the cursor in the query box from anywhere on the page.
  useEffect(() => {
    const focus = (event: KeyboardEvent) => {
      if (event.key !== '/' || isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', focus);
    return () => window.removeEventListener('keydown', focus);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft.trim());
  };

  return (
    <form className="query-box" onSubmit={submit} role="search">
      <label className="sr-only" htmlFor="query-input">{label}</label>
      <input
        id="query-input"
        ref={input}
        className={position !== undefined ? 'query-input invalid' : 'query-input'}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={position !== undefined}
        aria-describedby={position !== undefined ? 'query-error' : undefined}
      />
      <button type="submit" className="button-primary">Search</button>
      {position !== undefined && error && <QueryError query={query} position={position} message={error.message} />}
    </form>
  );
}

/** The query with the character at `position` marked and a caret under it. */
function QueryError({ query, position, message }: { query: string; position: number; message: string }) {
  const at = query.slice(position, position + 1);
  return (
    <div id="query-error" className="query-error" role="alert" data-position={position}>
      <pre className="query-echo">
        {query.slice(0, position)}<mark>{at || ' '}</mark>{query.slice(position + 1)}
        {'\n'}
        <span className="query-caret">{`${' '.repeat(position)}^ position ${position}`}</span>
      </pre>
      <p>{message.replace(/^query: /, '')}</p>
    </div>
  );
}

/** Whether a key press goes into a text field (page shortcuts stay out of its way). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
