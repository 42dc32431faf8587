// Who is logged in. The session lives in the HttpOnly cookie; the console keeps only the user and,
// in api.ts, the CSRF token, both asked again from GET /api/v1/auth/session after a reload.
import { createContext, useContext } from 'react';
import { can, type Principal } from './model.ts';

export interface SessionValue {
  user: Principal;
  logout(): void;
}

export const SessionContext = createContext<SessionValue | undefined>(undefined);

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a logged-in console');
  return session;
}

/** Whether the user may close, assign and comment on incidents (analyst or admin). */
export function useCanChangeIncidents(): boolean {
  return can(useSession().user.role, 'write-incident');
}
