// The source's SEP `severity` (0–15, 0 most serious) mapped to the normalized `severity_id`
// (1 Info … 5 Critical). The two scales run in opposite directions: SEP 3 is Critical,
// severity_id 3 is Minor.

/** severity_id per SEP band of four: 0–3 Critical, 4–7 Major, 8–11 Minor, 12–15 Info. */
const SEVERITY_ID_BY_SEP_BAND = [5, 4, 3, 1] as const;

export function severityIdFromSep(severity: number): number | undefined {
  if (!Number.isInteger(severity) || severity < 0 || severity > 15) return undefined;
  return SEVERITY_ID_BY_SEP_BAND[severity >> 2];
}
