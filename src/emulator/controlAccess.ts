/**
 * Control routes for people with a credential: a guest opening an access link (the link's own URL, as the
 * browser page would call it) and an invited user operating a lock from the Tedee app. The keypad is an action
 * of POST /_emulator/locks/{id}/physical (control.ts).
 */
import type { ControlContext, ControlRoute } from './control.js';
import { linkVerdict, openByLink, operateByApp } from './doorAccess.js';
import { badRequest, notFound } from './http/apiError.js';
import { asObject, integer } from './http/body.js';
import type { Reply } from './http/router.js';
import type { AccessLinkRecord } from './records.js';

function linkByToken(context: ControlContext): AccessLinkRecord {
  const path = `/link/${context.params.token}`;
  const found = [...context.world.accessLinks.values()].find((link) => new URL(link.url).pathname === path);
  if (!found) throw notFound('This access link does not exist or was deleted.');
  return found;
}

/** What the link's page shows: the doors, the schedule, and whether it lets in now. */
function showLink(context: ControlContext): Reply {
  const { world } = context;
  const link = linkByToken(context);
  const verdict = linkVerdict(world, link);
  return {
    status: 200,
    result: {
      name: link.name,
      description: link.description,
      repeatEvent: link.repeatEvent,
      devices: link.deviceIds.map((id) => ({ id, name: world.locks.get(id)?.name ?? `Device ${id}` })),
      now: world.nowIso(),
      usableNow: verdict.open,
      ...(verdict.open ? {} : { reason: verdict.reason }),
    },
  };
}

/** Opens a door of the link; `deviceId` may be left out when the link grants one door only. */
function openLink(context: ControlContext): Reply {
  const link = linkByToken(context);
  const fields = context.body === undefined ? {} : asObject(context.body);
  let deviceId: number;
  if (fields.deviceId === undefined) {
    if (link.deviceIds.length !== 1)
      throw badRequest(`deviceId is required: this link grants ${link.deviceIds.join(', ')}.`);
    deviceId = link.deviceIds[0]!;
  } else deviceId = integer(fields, 'deviceId');
  const lock = context.world.lock(deviceId);
  return { status: 200, result: openByLink(context.world, context.runner, link, lock) };
}

function operate(context: ControlContext): Reply {
  const fields = asObject(context.body);
  const lock = context.world.lock(integer(fields, 'lockId'));
  const action = fields.action;
  if (action !== 'lock' && action !== 'unlock') throw badRequest('action must be "lock" or "unlock".');
  const email = context.params.email!;
  return { status: 200, result: operateByApp(context.world, context.runner, email, lock, action) };
}

export const accessControlRoutes: ControlRoute[] = [
  { method: 'GET', path: '/link/{token}', handle: showLink },
  { method: 'POST', path: '/link/{token}/open', handle: openLink },
  { method: 'POST', path: '/_emulator/users/{email}/operate', handle: operate },
];
