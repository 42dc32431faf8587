// Plain-text tables for a terminal: columns as wide as their content, except one flexible column
// that takes what is left of the width and truncates with "…".
export interface Column {
  header: string;
  /** The column that shrinks to fit the terminal (at most one). */
  flex?: boolean;
  align?: 'left' | 'right';
}

const GAP = '  ';
const MIN_FLEX_WIDTH = 12;

export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

export function renderTable(columns: Column[], rows: string[][], width: number): string {
  const natural = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const flexIndex = columns.findIndex((column) => column.flex);
  if (flexIndex >= 0) {
    const others = natural.reduce((sum, w, index) => (index === flexIndex ? sum : sum + w), 0) + GAP.length * (columns.length - 1);
    natural[flexIndex] = Math.min(natural[flexIndex], Math.max(MIN_FLEX_WIDTH, width - others));
  }
  const line = (cells: string[]) => columns.map((column, index) => {
    const cell = truncate(cells[index] ?? '', natural[index]);
    return column.align === 'right' ? cell.padStart(natural[index]) : cell.padEnd(natural[index]);
  }).join(GAP).trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n') + '\n';
}

/** The width to fit: the terminal's, or a generous default when output goes to a file or pipe. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 160;
}
