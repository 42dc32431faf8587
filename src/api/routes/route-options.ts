// Route options from one declaration of who may call a route: the hook that enforces it and the
// OpenAPI description that documents it.
import type { Store } from '../../store/index.ts';
import { requireAction, type Action } from '../authn.ts';
import { describeRoute, type RouteDoc } from '../schemas/index.ts';

export function protectedRoute(store: Store, action: Action, doc: RouteDoc) {
  return { onRequest: requireAction(store, action), schema: describeRoute(action, doc) };
}

export function publicRoute(doc: RouteDoc) {
  return { schema: describeRoute('public', doc) };
}
