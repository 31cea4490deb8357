import { badRequest } from '../http/apiError.js';
import type { ApiRoute } from '../http/context.js';

const MAX_ELEMENTS = 200;

export const activityRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/my/deviceactivity',
    scopes: ['DeviceActivity.Read'],
    handle: ({ world, query }) => {
      const deviceId = query.int('deviceId');
      if (deviceId === undefined) throw badRequest('deviceId is required.');
      world.lock(deviceId);
      const elements = query.int('elements') ?? MAX_ELEMENTS;
      if (elements < 1 || elements > MAX_ELEMENTS)
        throw badRequest(`elements must be from 1 to ${MAX_ELEMENTS}.`);
      const lastElemDate = query.get('lastElemDate');
      const before = lastElemDate === undefined ? Infinity : Date.parse(lastElemDate);
      if (Number.isNaN(before)) throw badRequest('lastElemDate must be an ISO date-time.');
      // Newest first by date, as the cloud sorts: events a lock kept while offline arrive late, among older ones.
      const events = [...(world.activity.get(deviceId) ?? [])]
        .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.id - a.id)
        .filter((event) => Date.parse(event.date) < before)
        .slice(0, elements)
        // The docs' structure page says userName, the samples say username: both are sent.
        .map((event) => ({ ...event, username: event.userName }));
      return { status: 200, result: events };
    },
  },
];
