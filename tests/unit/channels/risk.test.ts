import { describe, expect, it } from 'vitest';
import { effectiveIntervalSeconds } from '../../../src/channels/elevation.ts';
import { RISK_THRESHOLD, riskScore } from '../../../src/channels/risk.ts';

const none = { confirmed: 0, dismissed: 0, forwards: 0, links: 0, shared: 0 };

describe('channel risk score', () => {
  it('is 0 for a channel nothing ties to a scam', () => {
    expect(riskScore(none)).toEqual({ score: 0, points: { confirmed: 0, forwards: 0, links: 0, shared: 0, dismissed: -0 } });
  });

  it('reaches the threshold on two confirmed items alone, and on no other kind of evidence alone', () => {
    expect(riskScore({ ...none, confirmed: 1 }).score).toBe(30);
    expect(riskScore({ ...none, confirmed: 2 }).score).toBe(RISK_THRESHOLD);
    expect(riskScore({ ...none, confirmed: 9 }).score).toBe(60); // capped
    expect(riskScore({ ...none, forwards: 50 }).score).toBeLessThan(RISK_THRESHOLD);
    expect(riskScore({ ...none, links: 50 }).score).toBeLessThan(RISK_THRESHOLD);
    expect(riskScore({ ...none, shared: 50 }).score).toBeLessThan(RISK_THRESHOLD);
  });

  it('adds forwards, links and shared indicators to a confirmation, and stays within 0-100', () => {
    expect(riskScore({ ...none, forwards: 2, shared: 1 }).score).toBe(40);
    expect(riskScore({ ...none, confirmed: 1, forwards: 2, shared: 1 }).score).toBe(70);
    expect(riskScore({ confirmed: 5, dismissed: 0, forwards: 5, links: 5, shared: 5 }).score).toBe(100);
  });

  it('falls with dismissed items, never below 0', () => {
    expect(riskScore({ ...none, confirmed: 2, dismissed: 1 }).score).toBe(50);
    expect(riskScore({ ...none, confirmed: 1, dismissed: 20 }).score).toBe(0);
    expect(riskScore({ ...none, confirmed: 2, dismissed: 20 }).points.dismissed).toBe(-30);
  });
});

describe('scan interval of an elevated channel', () => {
  it('is a quarter of the admin interval, at least 60 s, never longer than the interval itself', () => {
    expect(effectiveIntervalSeconds(3600, false)).toBe(3600);
    expect(effectiveIntervalSeconds(3600, true)).toBe(900);
    expect(effectiveIntervalSeconds(120, true)).toBe(60);
    expect(effectiveIntervalSeconds(30, true)).toBe(30);
  });
});
