// Logging in with a Vigil account; the server sets the HttpOnly session cookie.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import type { Session } from '../types.ts';

export function LoginPage({ onLogin, notice }: { onLogin(session: Session): void; notice?: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await api.login(username, password));
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 401 ? 'Wrong username or password.' : (failure as Error).message);
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit}>
        <h1 className="brand brand-large"><span className="brand-mark" aria-hidden="true">V</span>Vigil</h1>
        <p className="muted">Endpoint detection and response</p>
        {notice && <p className="notice" role="status">{notice}</p>}
        <label>
          <span className="field-label">Username</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          <span className="field-label">Password</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="button-primary" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
        <p className="muted small">Accounts are made with <code>vigil users create</code>; the first start prints the admin password.</p>
      </form>
    </main>
  );
}
