import { describe, expect, it } from 'vitest';
import type { SharedAccountNotice } from '../../../src/client/accountShare.js';
import { AccountShare } from '../../../src/client/accountShare.js';

const HOUR = 3_600_000;

describe("a budget's share of a shared account", () => {
  it('takes a 429 under its own budget as another client: half of what it sent, told once', () => {
    const notices: SharedAccountNotice[] = [];
    const share = new AccountShare(600, (notice) => notices.push(notice));
    share.rateLimited(400, 0, false);
    expect(share.limit(0)).toBe(200);
    expect(share.lowered(0)).toBe(true);
    share.rateLimited(180, HOUR, false);
    expect(share.limit(HOUR)).toBe(100); // never below the floor
    expect(notices).toEqual([{ used: 400, configuredPerHour: 600, limitPerHour: 200 }]);
  });

  it('does not cut for its own 429 (its count at its budget or at Tedee limit)', () => {
    const share = new AccountShare(600);
    share.rateLimited(600, 0, false);
    expect(share.limit(0)).toBe(600);
    const generous = new AccountShare(1000);
    generous.rateLimited(700, 0, false);
    expect(generous.limit(0)).toBe(1000);
  });

  it('cuts once per burst: requests in flight that answer 429 within the Retry-After', () => {
    const share = new AccountShare(600);
    share.rateLimited(300, 0, false);
    share.rateLimited(300, 1000, true);
    expect(share.limit(1000)).toBe(150);
  });

  it('grows back by a tenth of its budget per hour after six quiet hours', () => {
    const share = new AccountShare(600);
    share.rateLimited(300, 0, false);
    expect(share.limit(6 * HOUR - 1)).toBe(150);
    expect(share.limit(6 * HOUR)).toBe(210);
    expect(share.limit(8 * HOUR)).toBe(330);
    expect(share.limit(20 * HOUR)).toBe(600);
    expect(share.lowered(20 * HOUR)).toBe(false);
  });
});
