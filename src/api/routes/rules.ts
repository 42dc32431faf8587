// Sigma rules (/api/v1/rules): whoever may read sees the rules and their sources; an admin enables
// and disables them, audited, and the server's rule set takes the change at once.
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../auth/index.ts';
import type { SigmaRuleSet } from '../../detect/index.ts';
import type { RuleOrigin, RuleSummary } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, single, type Query } from '../params.ts';
import { pageOf, pagingParams, type JsonSchema } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const RULE_LIMITS = { fallback: 100, max: 5000 };
const ORIGINS: readonly RuleOrigin[] = ['builtin', 'config', 'imported'];
const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
const TIME = { type: 'string', format: 'date-time' } as const;

const RULE_SUMMARY_FIELDS = {
  id: { type: 'string', description: "The rule's `id`, or one Vigil derived from its file when it has none." },
  title: { type: 'string' },
  level: { type: 'string', enum: LEVELS, description: 'Incident priority: critical and high 3, medium 2, low 1; informational matches open no incident.' },
  status: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } },
  enabled: { type: 'boolean' },
  load_error: { type: 'string', description: 'Why an enabled rule does not run: its source no longer compiles.' },
  origin: { type: 'string', enum: ORIGINS, description: 'builtin (Vigil\'s own), config (a --rules-dir directory) or imported (vigil rules import).' },
  path: { type: 'string', description: 'The file the rule came from.' },
  document: { type: 'integer', description: 'The rule\'s document in that file, from 1.' },
  created: TIME,
  updated: { ...TIME, description: 'Last change of its source or its enabled flag.' },
} as const;
const REQUIRED = ['id', 'title', 'tags', 'enabled', 'origin', 'path', 'document', 'created', 'updated'];

const RULE_SUMMARY: JsonSchema = { type: 'object', required: REQUIRED, additionalProperties: false, properties: RULE_SUMMARY_FIELDS };
const RULE: JsonSchema = {
  type: 'object',
  required: [...REQUIRED, 'yaml'],
  additionalProperties: false,
  properties: { ...RULE_SUMMARY_FIELDS, yaml: { type: 'string', description: 'The whole file the rule came from.' } },
};
const RULE_ID = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const;
const NO_RULE = { 404: 'No rule with that id.' };

function booleanParam(query: Query, name: string): boolean | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false') throw new ApiError(400, `${name} must be true or false`);
  return text === 'true';
}

function listParam(query: Query, name: string, allowed: readonly string[]): string[] | undefined {
  const values = single(query, name)?.split(',').map((value) => value.trim().toLowerCase());
  const wrong = values?.find((value) => !allowed.includes(value));
  if (wrong !== undefined) throw new ApiError(400, `${name} must be one or more of ${allowed.join(', ')} (comma-separated), got "${wrong}"`);
  return values;
}

function ruleFilter(query: Query): (rule: RuleSummary) => boolean {
  const enabled = booleanParam(query, 'enabled');
  const levels = listParam(query, 'level', LEVELS);
  const origins = listParam(query, 'origin', ORIGINS);
  return (rule) => (enabled === undefined || rule.enabled === enabled)
    && (levels === undefined || levels.includes(rule.level ?? ''))
    && (origins === undefined || origins.includes(rule.origin));
}

/** `sigmaRules`: the server's rule set, rebuilt after a change; absent, a change reaches it by its own polling. */
export function ruleRoutes(app: FastifyInstance, { store }: RouteContext, sigmaRules?: SigmaRuleSet): void {
  app.get('/api/v1/rules', protectedRoute(store, 'read', {
    tags: ['Detection rules'],
    summary: 'List Sigma rules',
    description: 'Ordered by title, without their YAML.',
    querystring: {
      type: 'object',
      properties: {
        enabled: { type: 'string', enum: ['true', 'false'] },
        level: { type: 'string', description: 'Comma-separated levels, e.g. `high,critical`.' },
        origin: { type: 'string', description: 'Comma-separated: builtin, config, imported.' },
        ...pagingParams(RULE_LIMITS),
      },
    },
    responses: { 200: { description: 'A page of rules.', ...pageOf(RULE_SUMMARY) } },
    errors: { 400: 'A bad filter, limit or cursor.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const limit = limitParam(query, RULE_LIMITS.fallback, RULE_LIMITS.max);
    const rules = (await store.rules.list()).filter(ruleFilter(query));
    return pageEnvelope(rules.slice(cursor.offset, cursor.offset + limit), rules.length, cursor);
  });

  app.get('/api/v1/rules/:id', protectedRoute(store, 'read', {
    tags: ['Detection rules'],
    summary: 'Read a Sigma rule with its YAML',
    params: RULE_ID,
    responses: { 200: { description: 'The rule.', ...RULE } },
    errors: NO_RULE,
  }), async (request) => {
    const { id } = request.params as { id: string };
    const rule = await store.rules.get(id);
    if (!rule) throw new ApiError(404, `no rule ${id}`);
    return rule;
  });

  app.patch('/api/v1/rules/:id', protectedRoute(store, 'admin', {
    tags: ['Detection rules'],
    summary: 'Enable or disable a Sigma rule',
    description: 'The server runs or stops running the rule from its next batch of events on. Audited.',
    params: RULE_ID,
    body: { type: 'object', required: ['enabled'], additionalProperties: false, properties: { enabled: { type: 'boolean' } } },
    responses: { 200: { description: 'The rule as it is now.', ...RULE } },
    errors: { 400: 'A body other than {"enabled": true|false}.', ...NO_RULE },
  }), async (request) => {
    const { id } = request.params as { id: string };
    const enabled = (request.body as { enabled?: unknown } | undefined)?.enabled;
    if (typeof enabled !== 'boolean') throw new ApiError(400, 'send {"enabled": true} or {"enabled": false}');
    const before = await store.rules.get(id);
    if (!before) throw new ApiError(404, `no rule ${id}`);
    const rule = (await store.rules.setEnabled(id, enabled, new Date().toISOString()))!;
    if (before.enabled !== enabled) {
      await recordAudit(store, actorOf(request), {
        kind: 'entity', id: 2, feature: 'Detection', message: `Sigma rule ${rule.id} "${rule.title}" ${enabled ? 'enabled' : 'disabled'}.`,
        entity: { type: 'SigmaRule', uid: rule.id, name: rule.title },
      });
      await sigmaRules?.refresh();
    }
    return rule;
  });
}
