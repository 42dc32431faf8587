// Deciding on an incident: state, closing with a resolution (and a comment), assigning, commenting.
// Every change goes through the API, which checks the role and the CSRF token and audits it.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { Empty, Guard } from '../../components/states.tsx';
import { catalogEntries, formatTime, resolutionLabel } from '../../format.ts';
import { INCIDENT_STATE, RESOLUTION, type Incident } from '../../model.ts';
import { useCanChangeIncidents, useSession } from '../../session.tsx';
import { useResource } from '../../use-resource.ts';

const CLOSED = 4;
const NOT_SET = 4;
const MAX_COMMENT = 512;
/** What an analyst closes with; NOT_SET is the absence of a decision. */
const RESOLUTIONS = catalogEntries(RESOLUTION).filter(([code]) => code !== NOT_SET);
const OPEN_STATES = catalogEntries(INCIDENT_STATE).filter(([code]) => code !== CLOSED);

/** Runs one change at a time and reports its outcome under the form. */
function useAction(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const run = async (work: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      await work();
      setOutcome({ ok: true, text: success });
      onDone();
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const message = outcome && <p className={outcome.ok ? 'form-success' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>{outcome.text}</p>;
  return { busy, run, message };
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel side-panel">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function IncidentActions({ incident, onChanged }: { incident: Incident; onChanged(): void }) {
  const allowed = useCanChangeIncidents();
  const { user } = useSession();
  if (!allowed) {
    return (
      <Panel title="Decide">
        <p className="muted">Your role ({user.role}) may read incidents but not change them. An analyst or admin can close, assign and comment.</p>
      </Panel>
    );
  }
  return (
    <>
      {incident.state === CLOSED ? <ClosedForm incident={incident} onChanged={onChanged} /> : <CloseForm incident={incident} onChanged={onChanged} />}
      <StateForm incident={incident} onChanged={onChanged} />
      <AssignForm incident={incident} onChanged={onChanged} />
    </>
  );
}

function CloseForm({ incident, onChanged }: { incident: Incident; onChanged(): void }) {
  const [resolution, setResolution] = useState('');
  const [comment, setComment] = useState('');
  const action = useAction(onChanged);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = Number(resolution);
    void action.run(async () => {
      await api.changeIncident(incident.uuid, { state: CLOSED, resolution: code });
      if (comment.trim()) await api.comment(incident.uuid, comment.trim());
      setComment('');
    }, `Closed as ${resolutionLabel(code)}.`);
  };
  return (
    <Panel title="Close">
      <form className="stacked-form" onSubmit={submit} aria-label="Close the incident">
        <label>
          <span className="field-label">Resolution</span>
          <select name="resolution" value={resolution} onChange={(event) => setResolution(event.target.value)} required>
            <option value="" disabled>Choose a resolution…</option>
            {RESOLUTIONS.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        </label>
        <label>
          <span className="field-label">Comment (why)</span>
          <textarea name="close-comment" rows={3} maxLength={MAX_COMMENT} value={comment} onChange={(event) => setComment(event.target.value)}
            placeholder="e.g. Tomcat health check to a partner service" />
        </label>
        <button type="submit" className="button-primary" disabled={action.busy || resolution === ''}>Close incident</button>
        {action.message}
      </form>
    </Panel>
  );
}

function ClosedForm({ incident, onChanged }: { incident: Incident; onChanged(): void }) {
  const action = useAction(onChanged);
  return (
    <Panel title="Closed">
      <p>Closed as <strong>{resolutionLabel(incident.resolution)}</strong>. New detections will open a new incident rather than reopen this one.</p>
      <button type="button" className="button-secondary" disabled={action.busy}
        onClick={() => void action.run(() => api.changeIncident(incident.uuid, { state: 1 }), 'Reopened.')}>Reopen</button>
      {action.message}
    </Panel>
  );
}

function StateForm({ incident, onChanged }: { incident: Incident; onChanged(): void }) {
  const action = useAction(onChanged);
  return (
    <Panel title="State">
      <div className="button-row" role="group" aria-label="Set the state">
        {OPEN_STATES.map(([code, label]) => (
          <button key={code} type="button" className={incident.state === code ? 'chip chip-active' : 'chip'} aria-pressed={incident.state === code}
            disabled={action.busy || incident.state === code}
            onClick={() => void action.run(() => api.changeIncident(incident.uuid, { state: code }), `State set to ${label}.`)}>
            {label}
          </button>
        ))}
      </div>
      {action.message}
    </Panel>
  );
}

function AssignForm({ incident, onChanged }: { incident: Incident; onChanged(): void }) {
  const { user } = useSession();
  const [assignee, setAssignee] = useState(incident.assignee ?? '');
  const action = useAction(onChanged);
  const assign = (name: string | null) => action.run(() => api.changeIncident(incident.uuid, { assignee: name }), name ? `Assigned to ${name}.` : 'Unassigned.');
  return (
    <Panel title="Assignee">
      <form className="inline-form" onSubmit={(event) => { event.preventDefault(); void assign(assignee.trim() || null); }}>
        <input name="assignee" value={assignee} onChange={(event) => setAssignee(event.target.value)} placeholder="username" aria-label="Assignee" />
        <button type="submit" className="button-secondary" disabled={action.busy}>Assign</button>
      </form>
      <div className="button-row">
        {incident.assignee !== user.name && <button type="button" className="link-button" onClick={() => { setAssignee(user.name); void assign(user.name); }}>Assign to me</button>}
        {incident.assignee && <button type="button" className="link-button" onClick={() => { setAssignee(''); void assign(null); }}>Unassign</button>}
      </div>
      {action.message}
    </Panel>
  );
}

export function Comments({ incident, version, onChanged }: { incident: Incident; version: string; onChanged(): void }) {
  const allowed = useCanChangeIncidents();
  const comments = useResource((signal) => api.comments(incident.uuid, signal), [incident.uuid, version]);
  const [text, setText] = useState('');
  const action = useAction(onChanged);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await api.comment(incident.uuid, text.trim());
      setText('');
    }, 'Comment added.');
  };
  return (
    <Panel title="Comments">
      {allowed && (
        <form className="stacked-form" onSubmit={submit} aria-label="Add a comment">
          <textarea name="comment" rows={3} maxLength={MAX_COMMENT} value={text} onChange={(event) => setText(event.target.value)} placeholder="What you found, what you did" aria-label="Comment" />
          <div className="form-footer">
            <span className="muted small">{text.length}/{MAX_COMMENT}</span>
            <button type="submit" className="button-secondary" disabled={action.busy || text.trim() === ''}>Add comment</button>
          </div>
          {action.message}
        </form>
      )}
      <Guard resource={comments} what="the comments">
        {(page) => page.result.length === 0 ? <Empty title="No comments yet." /> : (
          <ol className="comments">
            {page.result.map((comment) => (
              <li key={`${comment.time}-${comment.user_id}`} className="comment">
                <div className="comment-meta"><strong>{comment.incident_responder_name}</strong> <span className="muted">{formatTime(comment.time)}</span></div>
                <p>{comment.comment}</p>
              </li>
            ))}
          </ol>
        )}
      </Guard>
    </Panel>
  );
}
