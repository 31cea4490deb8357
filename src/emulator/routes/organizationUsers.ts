/**
 * The organization's users and user groups (endpoints/organizationusers/*, endpoints/organizationgroups/*).
 * What the docs do not show (the user list's item shape, the invite answer) is decided in docs/emulator.md,
 * "Organization users and groups".
 */
import { badRequest, notFound } from '../http/apiError.js';
import { asObject, text } from '../http/body.js';
import type { ApiContext, ApiRoute } from '../http/context.js';
import type { Reply } from '../http/router.js';
import type { GroupRecord, OrganizationUserRecord } from '../records.js';
import { organization } from './organizations.js';

const ORG_READ = ['Organization.Read', 'Organization.ReadWrite'] as const;
const ORG_WRITE = ['Organization.ReadWrite'] as const;
const MAX_ITEMS_PER_PAGE = 100;

/** page (from 1) and itemsPerPage (1-100) of a list query. */
function paged<T>(context: ApiContext, items: T[]): { items: T[]; totalCount: number } {
  const page = context.query.int('page') ?? 1;
  const itemsPerPage = context.query.int('itemsPerPage') ?? MAX_ITEMS_PER_PAGE;
  if (page < 1) throw badRequest('page must be 1 or more.');
  if (itemsPerPage < 1 || itemsPerPage > MAX_ITEMS_PER_PAGE)
    throw badRequest(`itemsPerPage must be from 1 to ${MAX_ITEMS_PER_PAGE}.`);
  return { items: items.slice((page - 1) * itemsPerPage, page * itemsPerPage), totalCount: items.length };
}

function matches(filter: string | undefined, ...fields: string[]): boolean {
  return !filter || fields.some((field) => field.toLowerCase().includes(filter.toLowerCase()));
}

/** A user without a Tedee account is an invitation still pending. */
function isPending(context: ApiContext, user: OrganizationUserRecord): boolean {
  return account(context, user) === undefined;
}

/** The Tedee account behind an organization user: the account owner or a known user. */
function account(context: ApiContext, user: OrganizationUserRecord) {
  const { world } = context;
  if (user.email.toLowerCase() === world.owner.email.toLowerCase()) return world.owner;
  return world.userByEmail(user.email);
}

function toUser(context: ApiContext, user: OrganizationUserRecord) {
  return {
    organizationUserId: user.organizationUserId,
    userId: account(context, user)?.id ?? null,
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    isPending: isPending(context, user),
  };
}

function orgUser(context: ApiContext): OrganizationUserRecord {
  const found = organization(context).users.find(
    (user) => user.organizationUserId === Number(context.params.organizationUserId),
  );
  if (!found) throw notFound(`Organization user ${context.params.organizationUserId} not found.`);
  return found;
}

function group(context: ApiContext): GroupRecord {
  const found = organization(context).groups.find((candidate) => candidate.id === context.params.groupId);
  if (!found) throw notFound(`User group ${context.params.groupId} not found.`);
  return found;
}

function listUsers(context: ApiContext): Reply {
  const org = organization(context);
  const filter = context.query.get('Filters.Text');
  const types = context.query.ints('Filters.UserTypes');
  const includePending = context.query.bool('Filters.IncludePendingUsers') ?? false;
  const users = org.users.filter(
    (user) =>
      matches(filter, user.displayName, user.email) &&
      (types.length === 0 || types.includes(user.role)) &&
      (includePending || !isPending(context, user)),
  );
  const { items, totalCount } = paged(context, users);
  return { status: 200, result: { items: items.map((user) => toUser(context, user)), totalCount } };
}

function inviteUser(context: ApiContext): Reply {
  const org = organization(context);
  const fields = asObject(context.body);
  const displayName = text(fields, 'name');
  const email = text(fields, 'email');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw badRequest('email must be an email address.');
  const role = fields.role ?? 2;
  if (role !== 1 && role !== 2) throw badRequest('role must be 1 (Admin) or 2 (Member).');
  if (org.users.some((user) => user.email.toLowerCase() === email.toLowerCase()))
    throw badRequest(`${email} is already a user of the organization.`);
  const user: OrganizationUserRecord = {
    organizationUserId: org.nextUserId++,
    email,
    displayName,
    role,
  };
  org.users.push(user);
  return { status: 201, result: { organizationUserId: user.organizationUserId } };
}

function removeUser(context: ApiContext): Reply {
  const org = organization(context);
  const user = orgUser(context);
  if (user.email.toLowerCase() === context.world.owner.email.toLowerCase())
    throw badRequest('The organization owner cannot be removed.');
  org.users = org.users.filter((other) => other !== user);
  for (const each of org.groups) each.members = each.members.filter((id) => id !== user.organizationUserId);
  return { status: 200, result: {} };
}

function toGroup(context: ApiContext, record: GroupRecord) {
  return {
    id: record.id,
    name: record.name,
    organizationId: organization(context).id,
    createdDate: record.createdDate,
    membersCount: record.members.length,
  };
}

function createGroup(context: ApiContext): Reply {
  const org = organization(context);
  const name = text(asObject(context.body), 'name');
  if (org.groups.some((other) => other.name.toLowerCase() === name.toLowerCase()))
    throw badRequest(`A user group named ${name} exists already.`);
  const record: GroupRecord = {
    id: context.world.random.uuid(),
    name,
    createdDate: context.world.nowIso(),
    members: [],
  };
  org.groups.push(record);
  return { status: 200, result: { id: record.id } };
}

function addMembers(context: ApiContext): Reply {
  const org = organization(context);
  const record = group(context);
  const ids = asObject(context.body).organizationUserIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(id)))
    throw badRequest('organizationUserIds must be a non-empty list of organization user ids.');
  const outside = (ids as number[]).filter((id) => !org.users.some((user) => user.organizationUserId === id));
  if (outside.length > 0)
    throw badRequest(`organizationUserIds: ${outside.join(', ')} are not users of the organization.`);
  // Members already in the group are skipped, as the docs say.
  for (const id of ids as number[]) if (!record.members.includes(id)) record.members.push(id);
  return { status: 204 };
}

function listMembers(context: ApiContext): Reply {
  const org = organization(context);
  const record = group(context);
  const filter = context.query.get('filters.text');
  const members = org.users
    .filter((user) => record.members.includes(user.organizationUserId))
    .filter((user) => matches(filter, user.displayName, user.email))
    .map(({ displayName, email, organizationUserId }) => ({ displayName, email, organizationUserId }));
  return { status: 200, result: paged(context, members) };
}

const base = '/organization/{organizationId}';

export const organizationUserRoutes: ApiRoute[] = [
  { method: 'GET', path: `${base}/user`, scopes: ORG_READ, handle: listUsers },
  { method: 'POST', path: `${base}/user`, scopes: ORG_WRITE, handle: inviteUser },
  {
    method: 'GET',
    path: `${base}/user/{organizationUserId}`,
    scopes: ORG_READ,
    handle: (context) => ({ status: 200, result: toUser(context, orgUser(context)) }),
  },
  {
    method: 'DELETE',
    path: `${base}/user/byorganizationuserid/{organizationUserId}`,
    scopes: ORG_WRITE,
    handle: removeUser,
  },
  {
    method: 'GET',
    path: `${base}/user-groups`,
    // organizationgroups/get-all.rst lists Organization.ReadWrite only.
    scopes: ORG_WRITE,
    handle: (context) => {
      const filter = context.query.get('filters.text');
      const groups = organization(context).groups.filter((record) => matches(filter, record.name));
      const { items, totalCount } = paged(context, groups);
      return { status: 200, result: { items: items.map((record) => toGroup(context, record)), totalCount } };
    },
  },
  { method: 'POST', path: `${base}/user-groups`, scopes: ORG_WRITE, handle: createGroup },
  {
    method: 'GET',
    path: `${base}/user-groups/{groupId}`,
    scopes: ORG_READ,
    handle: (context) => ({ status: 200, result: toGroup(context, group(context)) }),
  },
  { method: 'GET', path: `${base}/user-groups/{groupId}/members`, scopes: ORG_READ, handle: listMembers },
  { method: 'POST', path: `${base}/user-groups/{groupId}/members`, scopes: ORG_WRITE, handle: addMembers },
];
