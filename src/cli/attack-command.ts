// `vigil attack import FILE` loads an ATT&CK STIX bundle into the database of --data-dir (a running
// server picks it up within a minute); `vigil attack show ID` resolves an id against it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { recordAudit } from '../auth/index.ts';
import {
  actorsUsing, loadAttackCatalog, lookupTactic, parseStixBundle, resolveTechnique, saveAttackCatalog, StixError, useAttackCatalog,
} from '../enrich/index.ts';
import { CliError } from './cli-error.ts';
import { CLI_ACTOR, dataDirOption, withDataDirStore } from './data-dir-store.ts';

function readBundle(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

async function importBundle(file: string, flags: { dataDir?: string }): Promise<void> {
  let catalog;
  try {
    catalog = parseStixBundle(readBundle(file), basename(file));
  } catch (error) {
    if (error instanceof StixError) throw new CliError(error.message);
    throw error;
  }
  await withDataDirStore(flags, async (store) => {
    await saveAttackCatalog(store, catalog);
    await recordAudit(store, CLI_ACTOR, {
      kind: 'entity', id: 2, feature: 'Detection', message: `ATT&CK catalog imported: ${catalog.source}.`,
      entity: { type: 'AttackCatalog', uid: basename(file), name: 'attack_catalog' },
    });
  });
  const revoked = catalog.techniques.filter((technique) => technique.revoked_by).length;
  const deprecated = catalog.techniques.filter((technique) => technique.deprecated).length;
  process.stdout.write(`Imported ${catalog.source}: ${catalog.tactics.length} tactics, ${catalog.techniques.length} techniques `
    + `(${revoked} revoked, ${deprecated} deprecated), ${catalog.actors.length} groups and software. A running Vigil uses it within a minute.\n`);
}

async function show(id: string, flags: { dataDir?: string }): Promise<void> {
  useAttackCatalog(await withDataDirStore(flags, loadAttackCatalog));
  const tactic = lookupTactic(id);
  if (tactic && !/^T\d/i.test(id)) return void process.stdout.write(`${tactic.id} ${tactic.name}${tactic.url ? `  ${tactic.url}` : ''}\n`);
  const resolved = resolveTechnique(id);
  if (!resolved) throw new CliError(`${id} is not in the ATT&CK catalog in use (import a newer one with vigil attack import FILE)`);
  const { technique, replaces } = resolved;
  const lines = [
    `${technique.id} ${technique.name}${replaces ? `  (${replaces} was revoked; this replaces it)` : ''}${technique.deprecated ? '  (deprecated)' : ''}`,
    `  tactics  ${technique.tactics.map((tacticId) => `${tacticId} ${lookupTactic(tacticId)?.name ?? ''}`.trim()).join(', ') || '-'}`,
  ];
  if (technique.url) lines.push(`  link     ${technique.url}`);
  const users = actorsUsing(technique.id);
  if (users.length > 0) lines.push(`  used by  ${users.length} groups and software, e.g. ${users.slice(0, 8).map((actor) => `${actor.name} (${actor.id})`).join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerAttackCommand(program: Command): void {
  const attack = program.command('attack').description('the MITRE ATT&CK catalog Vigil resolves ids against (works on the database directly)');
  attack.command('import <file>')
    .description('load an ATT&CK STIX 2.0/2.1 bundle (e.g. enterprise-attack.json) into the data directory')
    .addOption(dataDirOption())
    .action(importBundle);
  attack.command('show <id>')
    .description('resolve a technique (T1071, T1071.001) or tactic (TA0011) id')
    .addOption(dataDirOption())
    .action(show);
}
