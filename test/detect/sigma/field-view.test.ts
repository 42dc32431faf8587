// Field views read the event object itself: own fields only, header aliases when the event lacks the
// Sigma name, loose names for case and spaces, and lower case made only when asked for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldText, RenamedFieldView } from '../../../src/detect/sigma/field-view.ts';
import { fieldViewOf } from '../../../src/detect/sigma/index.ts';

test('only the event\'s own fields are fields, whatever their names', () => {
  const view = fieldViewOf(JSON.parse('{"Channel": "Security", "__proto__": "x", "EventID": 4624}') as Record<string, unknown>);
  assert.equal(view.get('__proto__'), 'x');
  assert.equal(view.get('constructor'), undefined);
  assert.equal(view.texts('toString'), undefined);
  assert.deepEqual(view.allTexts().map(({ text }) => text), ['Security', 'x', '4624']);
});

test('flat events: header aliases answer for missing Sigma names, loose names for case and spaces', () => {
  const view = fieldViewOf({ SourceName: 'Microsoft-Windows-Security-Auditing', 'Source Address': '10.0.0.1', commandline: 'whoami', Hostname: 'pc1' });
  assert.equal(view.get('Provider_Name'), 'Microsoft-Windows-Security-Auditing');
  assert.equal(view.get('Computer'), 'pc1');
  assert.equal(view.get('SourceAddress'), '10.0.0.1');
  assert.deepEqual(view.texts('CommandLine')?.map(({ text }) => text), ['whoami']);
  assert.equal(fieldViewOf({ Provider_Name: 'own', SourceName: 'alias' }).get('Provider_Name'), 'own', 'the event\'s own name wins');
  assert.equal(fieldViewOf({ a: { b: { c: 'two' } } }).get('a.b.c'), 'two', 'dotted paths into nested objects');
});

test('texts: arrays element by element, numbers and booleans as written, objects none', () => {
  const view = fieldViewOf({ List: ['A', ['B', 3]], Flag: true, Nested: { x: 1 }, Empty: null });
  assert.deepEqual(view.texts('List')?.map(({ text }) => text), ['A', 'B', '3']);
  assert.deepEqual(view.texts('Flag')?.map(({ text }) => text), ['true']);
  assert.deepEqual(view.texts('Nested'), []);
  assert.deepEqual(view.texts('Empty'), []);
  assert.equal(view.texts('Missing'), undefined);
  assert.equal(view.texts('List'), view.texts('List'), 'made once per event');
});

test('a text is lower-cased when first asked for, with Unicode rules, final sigma as σ', () => {
  const text = new FieldText('C:\\Users\\İLKER\\ΟΔΟΣ');
  assert.equal(text.lower, 'c:\\users\\i\u0307lker\\οδοσ');
  assert.equal(text.lower, text.lower);
  assert.equal(new FieldText('ΟΔΟς ΟΣΑ').lower, 'οδοσ οσα');
});

test('a renamed view reads the source\'s names for the rule\'s', () => {
  const view = new RenamedFieldView(fieldViewOf({ NewProcessName: 'C:\\cmd.exe', CommandLine: 'cmd' }), new Map([['Image', 'NewProcessName']]));
  assert.equal(view.get('Image'), 'C:\\cmd.exe');
  assert.deepEqual(view.texts('CommandLine')?.map(({ text }) => text), ['cmd']);
  assert.equal(view.allTexts().length, 2);
});
