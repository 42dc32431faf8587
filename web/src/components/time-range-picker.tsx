// Presets (last hour … all time) or a custom UTC range; the choice goes into the URL.
import { useState, type FormEvent } from 'react';
import { RANGE_PRESETS, type RangeSelection } from '../time-range.ts';

interface PickerProps {
  selection: RangeSelection;
  /** URL parameter changes: range, from, to. */
  onChange(changes: Record<string, string | undefined>): void;
}

/** "2021-06-08T20:08" (a datetime-local value, read as UTC) ⇄ ISO. */
const toInput = (iso?: string) => (iso ? iso.slice(0, 16) : '');
const fromInput = (value: string) => (value ? `${value}:00.000Z` : undefined);

export function TimeRangePicker({ selection, onChange }: PickerProps) {
  const [custom, setCustom] = useState(selection.range === 'custom');
  const [from, setFrom] = useState(toInput(selection.from));
  const [to, setTo] = useState(toInput(selection.to));

  const choose = (value: string) => {
    if (value === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    onChange({ range: value, from: undefined, to: undefined, cursor: undefined });
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange({ range: undefined, from: fromInput(from), to: fromInput(to), cursor: undefined });
  };

  return (
    <div className="time-range">
      <label>
        <span className="field-label">Time</span>
        <select value={custom ? 'custom' : selection.range} onChange={(event) => choose(event.target.value)} aria-label="Time range">
          {RANGE_PRESETS.map((preset) => <option key={preset.key} value={preset.key}>{preset.label}</option>)}
          <option value="custom">Custom range (UTC)…</option>
        </select>
      </label>
      {custom && (
        <form className="time-range-custom" onSubmit={apply}>
          <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} aria-label="From (UTC)" />
          <span aria-hidden="true">→</span>
          <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} aria-label="To (UTC)" />
          <button type="submit" className="button-secondary">Apply</button>
        </form>
      )}
    </div>
  );
}
