// The console's frame: the login gate, the navigation bar and the page the URL names.
import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionLost } from './api.ts';
import { Failure, Loading } from './components/states.tsx';
import { DashboardPage } from './pages/dashboard-page.tsx';
import { EndpointPage } from './pages/endpoint-page.tsx';
import { EventPage } from './pages/event-page.tsx';
import { IncidentPage } from './pages/incident-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { QueuePage } from './pages/queue-page.tsx';
import { RemotePage } from './pages/remote-page.tsx';
import { SearchPage } from './pages/search-page.tsx';
import { Link, matchPath, useLocation } from './router.tsx';
import { SessionContext } from './session.tsx';
import type { Principal } from './model.ts';

type Gate = { kind: 'checking' } | { kind: 'failed'; error: Error } | { kind: 'login'; notice?: string } | { kind: 'in'; user: Principal };

export function App() {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.session(controller.signal).then(
      (session) => setGate({ kind: 'in', user: session.user }),
      (error: Error) => {
        if (controller.signal.aborted) return;
        setGate(error instanceof ApiError && error.status === 401 ? { kind: 'login' } : { kind: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);
  useEffect(() => onSessionLost(() => setGate({ kind: 'login', notice: 'Your session ended. Log in again to continue where you were.' })), []);

  if (gate.kind === 'checking') return <main className="centered"><Loading what="the console" /></main>;
  if (gate.kind === 'failed') return <main className="centered"><Failure error={gate.error} what="the session" retry={() => setAttempt((n) => n + 1)} /></main>;
  if (gate.kind === 'login') return <LoginPage notice={gate.notice} onLogin={(session) => setGate({ kind: 'in', user: session.user })} />;

  const logout = () => {
    void api.logout().finally(() => setGate({ kind: 'login', notice: 'You are logged out.' }));
  };
  return (
    <SessionContext.Provider value={{ user: gate.user, logout }}>
      <Shell user={gate.user} logout={logout}><Routes /></Shell>
    </SessionContext.Provider>
  );
}

const NAVIGATION = [
  { to: '/', label: 'Incidents', active: (path: string) => path === '/' || path.startsWith('/incidents') },
  { to: '/search', label: 'Search', active: (path: string) => path.startsWith('/search') || path.startsWith('/events') },
  { to: '/dashboard', label: 'Dashboard', active: (path: string) => path.startsWith('/dashboard') },
];

function Shell({ user, logout, children }: { user: Principal; logout(): void; children: ReactNode }) {
  const { path } = useLocation();
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand"><span className="brand-mark" aria-hidden="true">V</span>Vigil</Link>
        <nav className="topnav" aria-label="Main">
          {NAVIGATION.map((item) => (
            <Link key={item.to} to={item.to} className={item.active(path) ? 'topnav-link active' : 'topnav-link'} aria-current={item.active(path) ? 'page' : undefined}>{item.label}</Link>
          ))}
        </nav>
        <div className="topbar-user">
          <span>{user.name} <span className="muted small">{user.role}</span></span>
          <button type="button" className="link-button" onClick={logout}>Log out</button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}

function Routes() {
  const { path } = useLocation();
  let params: Record<string, string> | null;
  if (matchPath('/', path)) return <QueuePage />;
  if ((params = matchPath('/incidents/:id', path))) return <IncidentPage key={params.id} id={params.id} />;
  if (matchPath('/search', path)) return <SearchPage />;
  if ((params = matchPath('/events/:uuid', path))) return <EventPage key={params.uuid} uuid={params.uuid} />;
  if (matchPath('/dashboard', path)) return <DashboardPage />;
  if ((params = matchPath('/endpoints/:uid', path))) return <EndpointPage key={params.uid} deviceUid={params.uid} />;
  if ((params = matchPath('/ips/:ip', path))) return <RemotePage key={`ip-${params.ip}`} kind="ip" value={params.ip} />;
  if ((params = matchPath('/domains/:domain', path))) return <RemotePage key={`domain-${params.domain}`} kind="domain" value={params.domain} />;
  return (
    <div className="page">
      <div className="state state-empty">
        <strong>There is no page at {path}.</strong>
        <Link to="/">Go to the incident queue</Link>
      </div>
    </div>
  );
}
