import { endpoint } from '../endpoint.js';
import type { Transport } from '../transport.js';
import type { Activity, ActivityQuery } from '../types.js';

const LIST = endpoint({ method: 'GET', path: '/my/deviceactivity', scope: 'DeviceActivity.Read' });

export const ACTIVITY_PAGE_SIZE = 200;

/**
 * An activity date in epoch milliseconds. The docs say the dates are UTC, and their samples carry no zone
 * ("2020-11-20T13:59:26.212"), which Date.parse would read as local time: a date without one is taken as UTC.
 */
export function activityTimeMs(date: string): number {
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(date);
  return Date.parse(zoned ? date : `${date}Z`);
}

export function activityEndpoints(transport: Transport) {
  const listActivity = (query: ActivityQuery) =>
    transport.call<Activity[]>(LIST, {
      query: {
        deviceId: query.deviceId,
        elements: query.elements ?? ACTIVITY_PAGE_SIZE,
        lastElemDate: query.lastElemDate,
      },
    });
  return {
    /** One page of events, newest first; pass the last item's date as `lastElemDate` for the next page. */
    listActivity,
    /** Every event newer than `since` (ISO date), newest first, following the pages. */
    async listActivitySince(
      deviceId: number,
      since: string,
      pageSize = ACTIVITY_PAGE_SIZE,
    ): Promise<Activity[]> {
      const sinceMs = activityTimeMs(since);
      const events: Activity[] = [];
      let lastElemDate: string | undefined;
      for (;;) {
        const page = await listActivity({ deviceId, elements: pageSize, lastElemDate });
        const newer = page.filter((event) => activityTimeMs(event.date) > sinceMs);
        events.push(...newer);
        if (page.length < pageSize || newer.length < page.length) return events;
        lastElemDate = page[page.length - 1]!.date;
      }
    },
  };
}
