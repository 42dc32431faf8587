// The `expand` modifier: `%name%` placeholders replaced by configured value lists. A `\%` is a plain
// percent sign. A rule whose placeholder has no configured values cannot run and is rejected.

export type Placeholders = Readonly<Record<string, readonly string[]>>;

/** Every value the raw text stands for, one per combination of placeholder values. */
export function expandPlaceholders(raw: string, placeholders: Placeholders): string[] {
  let results = [''];
  const append = (texts: readonly string[]): void => {
    results = results.flatMap((prefix) => texts.map((text) => prefix + text));
  };
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === '\\' && raw[index + 1] === '%') {
      append(['%']);
      index++;
    } else if (char === '%') {
      const end = raw.indexOf('%', index + 1);
      if (end < 0) {
        append(['%']);
        continue;
      }
      const name = raw.slice(index + 1, end);
      const values = placeholders[name];
      if (!values || values.length === 0) throw new Error(`placeholder %${name}% has no configured values`);
      append(values);
      index = end;
    } else {
      append([char]);
    }
  }
  return results;
}
