// The literal prefilter: what each rule requires, the automaton that finds literals, and that skipping
// rules never changes what matches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiteralSet } from '../../../src/detect/sigma/aho-corasick.ts';
import { requiredRegexLiteral } from '../../../src/detect/sigma/regex-literal.ts';
import { SigmaEngine, type SigmaRule } from '../../../src/detect/sigma/index.ts';
import { detection, rule } from './helpers.ts';

function needles(sigma: SigmaRule): string[] | undefined {
  return sigma.requirement?.map(({ field, needle }) => `${field ?? '*'}:${needle}`).sort();
}

test('requirements follow the detection: AND keeps the most selective part, OR joins, NOT knows nothing, regexes give their literal', () => {
  assert.deepEqual(needles(detection("    s:\n        Image|endswith: '\\whoami.exe'\n        User: x\n    condition: s")), ['Image:\\whoami.exe']);
  assert.deepEqual(needles(detection("    s:\n        Image|endswith: ['\\a.exe', '\\bcd.exe']\n    condition: s")), ['Image:\\a.exe', 'Image:\\bcd.exe']);
  assert.deepEqual(needles(detection("    s:\n        CommandLine|contains|all: ['-nop', ' -encodedcommand ']\n    condition: s")), ['CommandLine: -encodedcommand ']);
  assert.deepEqual(needles(detection("    a:\n        A: 'Alpha*Beta'\n    b:\n        B: 'gamma'\n    condition: a or b")), ['A:alpha', 'B:gamma']);
  assert.deepEqual(needles(detection("    a:\n        A: 'alpha'\n    b:\n        B|re: '^gam+a\\.exe$'\n    condition: a or b")), ['A:alpha', 'B:a.exe']);
  assert.deepEqual(needles(detection("    b:\n        B|re: '\\\\temp\\\\\\w+\\.ps1'\n    condition: b")), ['B:\\temp\\'], 'class escapes end a literal');
  assert.equal(needles(detection("    b:\n        B|re: '\\x41BCDEF'\n    condition: b")), undefined, 'an escape with an argument gives nothing');
  assert.equal(needles(detection("    a:\n        A: 'alpha'\n    b:\n        B|re: 'gamma|delta'\n    condition: a or b")), undefined);
  assert.deepEqual(needles(detection("    b:\n        B|re|i: 'MiSCHIEF'\n    condition: b")), ['B:chief'], 'no s under i: RE2 folds ſ to s');
  assert.deepEqual(needles(detection("    b:\n        B|re: '(?i)MiSCHIEF'\n    condition: b")), ['B:chief'], 'a leading (?i) is the i modifier');
  assert.deepEqual(needles(detection("    b:\n        B: '\u{1F600}'\n    condition: b")), ['B:\u{1F600}'], 'a short literal beyond ASCII is rare enough');
  assert.equal(needles(detection("    a:\n        A: 'alpha'\n    condition: not a")), undefined);
  assert.deepEqual(needles(detection("    a:\n        A: 'alpha'\n    f:\n        B: 'beta'\n    condition: a and not f")), ['A:alpha']);
  assert.deepEqual(needles(detection("    k:\n        - 'mimikatz'\n    condition: k")), ['*:mimikatz']);
  assert.equal(needles(detection("    s:\n        A: 'ab'\n    condition: s")), undefined, 'too short to tell events apart');
});

test('the automaton finds every literal once, overlapping ones included, whatever the case', () => {
  const words = ['he', 'she', 'his', 'hers', 'usher', 'ü\u{1F600}x', 'i', 'k'];
  const literals = new LiteralSet([...words, 'she']);
  const ids = words.map((word) => literals.idOf(word)!);
  assert.equal(literals.idOf('she'), ids[1], 'a repeated literal keeps its first id');
  assert.deepEqual([...literals.findIn('ushers')].sort(), [ids[0], ids[1], ids[3], ids[4]].sort());
  assert.deepEqual([...literals.findIn('USHERS')].sort(), [ids[0], ids[1], ids[3], ids[4]].sort(), 'ASCII capitals fold');
  assert.deepEqual([...literals.findIn('hehehe')], [ids[0]], 'reported once however often it occurs');
  assert.deepEqual([...literals.findIn('a Ü\u{1F600}X b')], [ids[5]], 'other texts are lower-cased first');
  assert.deepEqual([...literals.findIn('\u0130 \u212A')].sort(), [ids[6], ids[7]].sort(), 'İ and the Kelvin sign lower-case to ASCII');
  assert.equal(literals.findIn('xyz').length, 0);
  assert.equal(literals.findIn('').length, 0);
});

test('skipping rules by their literals never changes the matches', () => {
  const rules = [
    detection("    s:\n        Image|endswith: '\\whoami.exe'\n    condition: s"),
    detection("    s:\n        CommandLine|contains|windash: ' -enc '\n    filter:\n        User: 'SYSTEM'\n    condition: s and not filter"),
    detection("    k:\n        - 'mimikatz'\n    condition: k"),
    detection("    s:\n        Image|endswith: '\\cmd.exe'\n        ParentImage|endswith: '\\winword.exe'\n    condition: s"),
    rule("title: many\nlogsource: {product: windows, category: process_creation}\ndetection:\n    s:\n        CommandLine|contains:\n" + Array.from({ length: 100 }, (_, index) => `            - 'needle${index}x'\n`).join('') + '    condition: s\n'),
  ];
  const withPrefilter = new SigmaEngine(rules);
  const without = new SigmaEngine(rules.map((sigma) => ({ ...sigma, requirement: undefined })));
  const events = [
    { Image: 'C:\\WHOAMI.EXE', CommandLine: 'whoami' },
    { Image: 'C:\\x.exe', CommandLine: 'p /enc abc', User: 'alice' },
    { Image: 'C:\\x.exe', CommandLine: 'p /enc abc', User: 'SYSTEM' },
    { Image: 'C:\\x.exe', CommandLine: 'sekurlsa', Description: 'MimiKatz' },
    { NewProcessName: 'C:\\cmd.exe', ParentProcessName: 'C:\\WINWORD.EXE' },
    { Image: 'C:\\x.exe', CommandLine: 'has NEEDLE42X inside' },
    { Image: 'C:\\x.exe', CommandLine: 'has needle42 only' },
  ];
  for (const [index, event] of events.entries()) {
    for (const [channel, eventId] of [['Microsoft-Windows-Sysmon/Operational', 1], ['Security', 4688]] as const) {
      const full = { ...event, Channel: channel, EventID: eventId };
      const expected = without.match(full).map((sigma) => without.rules.indexOf(sigma));
      assert.deepEqual(withPrefilter.match(full).map((sigma) => withPrefilter.rules.indexOf(sigma)), expected, `event ${index} in ${channel}`);
    }
  }
  assert.equal(withPrefilter.match({ ...events[5], Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 }).length, 1);
});

test('the prefilter never hides a match: capitals, İ and the Kelvin sign, long literals cut inside a surrogate pair, small and large literal sets', () => {
  const many = Array.from({ length: 80 }, (_, index) => `            - 'word${index}q'\n`).join('');
  const rules = [
    rule("title: kw\nlogsource: {product: windows}\ndetection:\n    k:\n        - 'eo.oe.kiwi'\n        - 'kerberos::ptt'\n    condition: k\n"),
    detection(`    s:\n        CommandLine|contains:\n${many}            - 'eo.oe.kiwi'\n    condition: s`),
    detection("    s:\n        CommandLine|contains: 'x\u{1F600}aaaaaaaaaaaaaaaaaaaaaaa'\n    condition: s"),
    detection("    s:\n        CommandLine|contains|cased: 'ΑΣΒ'\n    condition: s"),
    detection("    s:\n        CommandLine|contains: 'ΧΟΣ'\n    condition: s"),
    detection("    s:\n        CommandLine|contains: 'χος'\n    condition: s"),
    detection("    s:\n        CommandLine|re: '\\x41BCDEF'\n    condition: s"),
  ];
  const withPrefilter = new SigmaEngine(rules);
  const without = new SigmaEngine(rules.map((sigma) => ({ ...sigma, requirement: undefined })));
  const texts = ['EO.OE.KIWİ', 'eo.oe.\u212Aiwi', 'KERBEROS::PTT', 'word42Q', 'WORD79q and EO.OE.KIWI', 'x\u{1F600}aaaaaaaaaaaaaaaaaaaaaaa', 'y\u{1F600}aaaaaaaaaaaaaaaaaaaaaaa', 'ΑΣΒ', 'nothing'];
  for (const text of texts) {
    const event = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, CommandLine: text };
    const expected = without.match(event).map((sigma) => without.rules.indexOf(sigma));
    assert.deepEqual(withPrefilter.match(event).map((sigma) => withPrefilter.rules.indexOf(sigma)), expected, text);
  }
  assert.deepEqual(withPrefilter.match({ Channel: 'Security', EventID: 4624, Message: 'EO.OE.KIWİ' }).map((sigma) => rules.indexOf(sigma)), [0], 'İ lower-cases to i and a dot');
  const sysmon = (text: string): number[] => withPrefilter.match({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, CommandLine: text }).map((sigma) => rules.indexOf(sigma));
  assert.deepEqual(sysmon('ΧΟΣΑ'), [4, 5], 'Σ before a letter lowers to σ, not the ς of the rule');
  assert.deepEqual(sysmon('xxABCDEFxx'), [6], 'an escape with an argument');
});

test('the literal every regex match contains: top-level plain runs only', () => {
  const cases: [string, string | undefined][] = [
    ['\\\\windows\\\\system32\\\\.*\\.exe', '\\windows\\system32\\'],
    ['ab{2}cdef', 'cdef'],
    ['ab+cd?e*fgh', 'fgh'],
    ['[^]]xyz(q)+', 'xyz'],
    ['[[]x(a|[b]c)', 'x'],
    ['foo|bar', undefined],
    ['(?i)abc', 'abc'],
    ['(?is)a.c', 'a'],
    ['a(?i)bc', undefined],
    ['\\d+abcd\\s\\.exe', 'abcd'],
    ['ab\\x41CDE', undefined],
    ['ab\\x{41}CDE', undefined],
    ['ab\\101CDE', undefined],
    ['ab\\pLCDE', undefined],
    ['ab\\p{L}CDE', undefined],
    ['ab\\PLCDE', undefined],
    ['ab\\u0041CDE', undefined],
    ['\\Qabc\\E?', undefined],
    ['(\\Q)|\\E)abc', undefined],
  ];
  for (const [source, literal] of cases) assert.equal(requiredRegexLiteral(source), literal, source);
});

test('a regex literal guard keeps RE2 case folding: ſ (long s) matches s under i', () => {
  const sigma = detection("    s:\n        CommandLine|re|i: 'mischief'\n    condition: s");
  const engine = new SigmaEngine([sigma]);
  assert.equal(engine.match({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, CommandLine: 'x MIſCHIEF y' }).length, 1);
  const inline = new SigmaEngine([detection("    s:\n        CommandLine|re: '(?i)mischief'\n    condition: s")]);
  assert.equal(inline.match({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, CommandLine: 'x MIſCHIEF y' }).length, 1, 'and so does a leading (?i)');
});
