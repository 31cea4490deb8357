import { endpoint, endpointGroup } from '../endpoint.js';
import type { Transport } from '../transport.js';
import type {
  AccessLink,
  AccessLinkCreated,
  AccessLinkDetails,
  AccessLinkInput,
  Organization,
  OrganizationListQuery,
} from '../types.js';

const LIST = endpoint({ method: 'GET', path: '/organization', scope: 'Organization.Read' });
const link = endpointGroup('/organization/{organizationId}/accesslink', { resource: 'The access link' });

const CREATE_LINK = link('POST', '', 'AccessLink.ReadWrite');
const LIST_LINKS = link('GET', '', 'AccessLink.Read');
const GET_LINK = link('GET', '/{accessLinkId}', 'AccessLink.Read');
const GET_LINK_URL = link('GET', '/{accessLinkId}/url', 'AccessLink.Read');
const DELETE_LINK = link('DELETE', '/{accessLinkId}', 'AccessLink.ReadWrite');

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
    deleteAccessLink: (organizationId: number, accessLinkId: string) =>
      transport.call<void>(DELETE_LINK, { params: { organizationId, accessLinkId } }),
  };
}
