// Priority and state as small coloured labels; the colour is a class, the word is always there.
import { priorityLabel, resolutionLabel, stateLabel } from '../format.ts';

const PRIORITY_CLASS: Record<number, string> = { 1: 'priority-low', 2: 'priority-medium', 3: 'priority-high' };
const STATE_CLASS: Record<number, string> = { 1: 'state-open', 2: 'state-waiting', 3: 'state-in-progress', 4: 'state-closed' };

export function PriorityBadge({ level }: { level: number }) {
  return <span className={`badge ${PRIORITY_CLASS[level] ?? ''}`}>{priorityLabel(level)}</span>;
}

export function StateBadge({ state, resolution }: { state: number; resolution?: number }) {
  const resolved = state === 4 && resolution !== undefined && resolution !== 4;
  return (
    <span className={`badge ${STATE_CLASS[state] ?? ''}`} title={resolved ? resolutionLabel(resolution) : undefined}>
      {stateLabel(state)}{resolved ? ` · ${resolutionLabel(resolution)}` : ''}
    </span>
  );
}
