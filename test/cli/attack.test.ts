// `vigil attack import|show` on a data directory.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { loadAttackCatalog } from '../../src/enrich/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { SMALL_BUNDLE } from '../enrich/stix-fixture.ts';
import { cleanEnv, VIGIL } from '../helpers/server-process.ts';

const run = promisify(execFile);
const vigil = (...args: string[]) => run(process.execPath, [VIGIL, ...args], { env: cleanEnv() });

test('import stores the catalog (audited); show resolves ids, revoked ones to their replacement; errors are one line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-attack-'));
  const store = await openSqliteStore(join(dir, 'vigil.db'));
  await store.close();
  const bundle = join(dir, 'small.json');
  writeFileSync(bundle, JSON.stringify(SMALL_BUNDLE));

  const imported = await vigil('attack', 'import', bundle, '--data-dir', dir);
  assert.match(imported.stdout, /^Imported .*small\.json.*: 1 tactics, 4 techniques \(1 revoked, 1 deprecated\), 2 groups and software\./);
  const reopened = await openSqliteStore(join(dir, 'vigil.db'));
  assert.equal((await loadAttackCatalog(reopened))?.techniques.length, 4);
  const audit = await reopened.listAudit({ offset: 0, limit: 10 });
  assert.match(audit.result[0].message, /^ATT&CK catalog imported: /);
  await reopened.close();

  const revoked = await vigil('attack', 'show', 'T1000', '--data-dir', dir);
  assert.match(revoked.stdout, /^T1071 Application Layer Protocol {2}\(T1000 was revoked; this replaces it\)\n {2}tactics {2}TA0011 Command and Control\n/);
  assert.match(revoked.stdout, /used by {2}2 groups and software, e\.g\. /);
  assert.match((await vigil('attack', 'show', 'TA0011', '--data-dir', dir)).stdout, /^TA0011 Command and Control/);
  await assert.rejects(vigil('attack', 'show', 'T9999', '--data-dir', dir), (error: { code: number; stderr: string }) => error.code === 1 && /T9999 is not in the ATT&CK catalog in use/.test(error.stderr));
  writeFileSync(join(dir, 'not-stix.json'), '{"type": "report"}');
  await assert.rejects(vigil('attack', 'import', join(dir, 'not-stix.json'), '--data-dir', dir), (error: { stderr: string }) => /not-stix\.json is not a STIX bundle/.test(error.stderr));
});
