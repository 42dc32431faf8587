// What a browser sees at / when the analyst console was not built (web/dist is missing): where the
// API is and how to get the console. Static HTML with no script or style, so the strict CSP holds.
export const LANDING_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Vigil EDR</title></head>
<body>
<h1>Vigil EDR</h1>
<p>The server is running, but the analyst console was not built. Build it with <code>npm run build:web</code>
(<code>npm start</code> does so when it can) and restart the server; meanwhile use the API or the <code>vigil</code> command.</p>
<ul>
<li><code>POST /api/v1/auth/login</code> with <code>{"username", "password"}</code> returns a token</li>
<li><code>GET /api/v1/incidents</code>, <code>GET /api/v1/incidents/{uuid or atp_incident_id}</code></li>
<li><code>GET /api/v1/events</code>, <code>POST /api/v1/events</code> (ingest token)</li>
<li><code>GET /api/docs</code>: the OpenAPI document of every route (with a token)</li>
<li><code>/atpapi/v2/…</code>: the Symantec EDR compatible API</li>
</ul>
<p>See README.md, docs/CONSOLE.md and docs/API.md.</p>
</body>
</html>
`;
