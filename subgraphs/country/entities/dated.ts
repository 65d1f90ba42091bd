import { DatePrecision } from '../../../contract/enums.js';

/** Last day of the month or year that `date` (a period start) stands for. */
function periodEnd(date: string, precision: DatePrecision): string {
  const [y, m] = date.split('-').map(Number);
  if (precision === DatePrecision.YEAR) return `${y}-12-31`;
  if (precision === DatePrecision.MONTH) {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
  }
  return date;
}

/** First day of the period `date` falls in at `precision` (a YEAR-precision 2017-06-01 covers 2017-01-01…). */
function periodStart(date: string, precision: DatePrecision): string {
  if (precision === DatePrecision.YEAR) return `${date.slice(0, 4)}-01-01`;
  if (precision === DatePrecision.MONTH) return `${date.slice(0, 7)}-01`;
  return date;
}

/**
 * The closed day range a record covers, used by date filters: a YEAR-precision 2017 record
 * covers all of 2017; without an end date the record covers its start period only. Undated
 * records have no range and so never match a date filter.
 */
export function coveredRange(
  startDate: string | null,
  endDate: string | null,
  precision: DatePrecision,
): { rangeStart: string | null; rangeEnd: string | null } {
  if (!startDate && !endDate) return { rangeStart: null, rangeEnd: null };
  // Known only by its end ("strategy to 2020"): open towards the past.
  if (!startDate) return { rangeStart: null, rangeEnd: periodEnd(endDate!, precision) };
  return { rangeStart: periodStart(startDate, precision), rangeEnd: periodEnd(endDate ?? startDate, precision) };
}
