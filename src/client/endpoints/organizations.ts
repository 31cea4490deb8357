import { endpoint, endpointGroup } from '../endpoint.js';
import type { Transport } from '../transport.js';
import type {
  AccessLink,
  AccessLinkCreated,
  AccessLinkDetails,
  AccessLinkInput,
  AccessLinkUpdate,
  Organization,
  OrganizationGroup,
  OrganizationListQuery,
  OrganizationUser,
  OrganizationUserListQuery,
} from '../types.js';
import {
  checkAccessLinkCreated,
  checkAccessLinkDetails,
  checkItems,
  checkOrganizationList,
} from '../answers/schemas.js';

const LIST = endpoint({
  method: 'GET',
  path: '/organization',
  scope: 'Organization.Read',
  answer: checkOrganizationList,
});
const link = endpointGroup('/organization/{organizationId}/accesslink', { resource: 'The access link' });

const CREATE_LINK = { ...link('POST', '', 'AccessLink.ReadWrite'), answer: checkAccessLinkCreated };
const LIST_LINKS = link('GET', '', 'AccessLink.Read');
const GET_LINK = { ...link('GET', '/{accessLinkId}', 'AccessLink.Read'), answer: checkAccessLinkDetails };
const GET_LINK_URL = link('GET', '/{accessLinkId}/url', 'AccessLink.Read');
const UPDATE_LINK = link('PATCH', '/{accessLinkId}', 'AccessLink.ReadWrite');
const DELETE_LINK = link('DELETE', '/{accessLinkId}', 'AccessLink.ReadWrite');
const member = endpointGroup('/organization/{organizationId}', { resource: 'The organization' });
const LIST_USERS = member('GET', '/user', 'Organization.Read');
const LIST_GROUPS = { ...member('GET', '/user-groups', 'Organization.ReadWrite'), answer: checkItems };

/** The user list's shape is not in the docs: a list, or `{items}` / `{users}` as other lists have it. */
function usersOf(result: unknown): OrganizationUser[] {
  if (Array.isArray(result)) return result as OrganizationUser[];
  const fields = (result ?? {}) as { items?: unknown; users?: unknown };
  const list = fields.items ?? fields.users;
  return Array.isArray(list) ? (list as OrganizationUser[]) : [];
}

export function organizationEndpoints(transport: Transport) {
  return {
    async listOrganizations(query: OrganizationListQuery = {}): Promise<Organization[]> {
      const result = await transport.call<{ organizations: Organization[] }>(LIST, {
        query: { page: query.page, itemsPerPage: query.itemsPerPage, 'filters.Text': query.text },
      });
      return result.organizations;
    },
    createAccessLink: (organizationId: number, input: AccessLinkInput) =>
      transport.call<AccessLinkCreated>(CREATE_LINK, { params: { organizationId }, body: input }),
    async listAccessLinks(organizationId: number): Promise<AccessLink[]> {
      const result = await transport.call<{ items: AccessLink[] }>(LIST_LINKS, {
        params: { organizationId },
      });
      return result.items;
    },
    getAccessLink: (organizationId: number, accessLinkId: string) =>
      transport.call<AccessLinkDetails>(GET_LINK, { params: { organizationId, accessLinkId } }),
    async getAccessLinkUrl(organizationId: number, accessLinkId: string): Promise<string> {
      const result = await transport.call<{ url: string }>(GET_LINK_URL, {
        params: { organizationId, accessLinkId },
      });
      return result.url;
    },
    /** PATCH: only the fields given change (name, description, devicesIds, repeatEvent). */
    updateAccessLink: (organizationId: number, accessLinkId: string, update: AccessLinkUpdate) =>
      transport.call<void>(UPDATE_LINK, { params: { organizationId, accessLinkId }, body: update }),
    async listOrganizationUsers(
      organizationId: number,
      query: OrganizationUserListQuery = {},
    ): Promise<OrganizationUser[]> {
      const result = await transport.call<unknown>(LIST_USERS, {
        params: { organizationId },
        query: {
          Page: query.page,
          ItemsPerPage: query.itemsPerPage,
          'Filters.Text': query.text,
          'Filters.IncludePendingUsers': query.includePending,
        },
      });
      return usersOf(result);
    },
    async listUserGroups(organizationId: number, text?: string): Promise<OrganizationGroup[]> {
      const result = await transport.call<{ items: OrganizationGroup[] }>(LIST_GROUPS, {
        params: { organizationId },
        query: { 'filters.text': text },
      });
      return result.items;
    },
    deleteAccessLink: (organizationId: number, accessLinkId: string) =>
      transport.call<void>(DELETE_LINK, { params: { organizationId, accessLinkId } }),
  };
}
