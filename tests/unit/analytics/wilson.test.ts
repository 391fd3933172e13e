import { describe, expect, it } from 'vitest';
import { isoWeek } from '../../../src/analytics/rule-stats.ts';
import { wilson } from '../../../src/analytics/wilson.ts';

describe('the Wilson interval', () => {
  it('matches the published 95% bounds', () => {
    const w = wilson(8, 10);
    expect(w.value).toBe(0.8);
    expect(w.low).toBeCloseTo(0.4902, 4);
    expect(w.high).toBeCloseTo(0.9433, 4);
    expect(wilson(0, 4)).toEqual({ value: 0, low: 0, high: expect.closeTo(0.4899, 4) });
    expect(wilson(10, 10).high).toBeCloseTo(1, 10);
    expect(wilson(10, 10).low).toBeCloseTo(0.7225, 4);
  });
  it('has no value without decisions', () => {
    expect(wilson(0, 0)).toEqual({ value: null, low: null, high: null });
  });
});

describe('ISO weeks', () => {
  it('labels weeks as ISO 8601 does, across a year end', () => {
    expect(isoWeek(new Date('2026-12-09T12:00:00Z'))).toEqual({ week: '2026-W50', weekStart: '2026-12-07' });
    expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toEqual({ week: '2026-W53', weekStart: '2026-12-28' });
    expect(isoWeek(new Date('2027-01-04T23:59:59Z'))).toEqual({ week: '2027-W01', weekStart: '2027-01-04' });
    expect(isoWeek(new Date('2024-12-30T08:00:00Z'))).toEqual({ week: '2025-W01', weekStart: '2024-12-30' });
  });
});
