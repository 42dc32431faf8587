// The designed states of every panel: loading, failed (with the server's words and a retry), empty.
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import type { Resource } from '../use-resource.ts';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function Failure({ error, what, retry }: { error: Error; what: string; retry?: () => void }) {
  const status = error instanceof ApiError && error.status ? ` (HTTP ${error.status})` : '';
  const hint = error instanceof ApiError && error.status === 404
    ? 'It may have been removed, or the link is wrong.'
    : error instanceof ApiError && error.status === 403
      ? 'Your role may not see this; ask an administrator.'
      : undefined;
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load {what}{status}.</strong>
      <span>{error.message}</span>
      {hint && <span className="muted">{hint}</span>}
      {retry && <button type="button" className="button-secondary" onClick={retry}>Try again</button>}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

/** Loading, failure or the content: the common shape of a panel fed by one resource. */
export function Guard<T>({ resource, what, children }: {
  resource: Resource<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (resource.error) return <Failure error={resource.error} what={what} retry={resource.reload} />;
  if (resource.data === undefined) return <Loading what={what} />;
  return <>{children(resource.data)}</>;
}
