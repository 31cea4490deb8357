/**
 * The organization of the account, for smart keys (access links live in an organization) and group access:
 * whether there is one, its id, its users and user groups. The organization is read once and kept; it
 * changes only when someone edits the account in the Tedee Portal.
 */
import type { TedeeClient } from '../../client/index.js';
import { HubError } from '../errors.js';
import { keyCall } from './keyErrors.js';

export interface OrganizationRef {
  id: number;
  name: string;
}

export interface OrganizationMember {
  id: number;
  email: string | null;
  name: string | null;
}

export interface UserGroup {
  id: string;
  name: string;
  members: number | null;
}

export class OrganizationCalls {
  private found: Promise<OrganizationRef | undefined> | undefined;

  constructor(private readonly client: TedeeClient) {}

  /**
   * The account's organization (the first, when it has several), or undefined when it has none. Read once;
   * a failed read is not kept, so the next call asks again.
   */
  organization(): Promise<OrganizationRef | undefined> {
    this.found ??= keyCall({ action: 'Reading the organizations of the account' }, async () => {
      const [first] = await this.client.listOrganizations({ itemsPerPage: 10 });
      return first ? { id: first.id, name: first.name ?? `Organization ${first.id}` } : undefined;
    });
    this.found.catch(() => (this.found = undefined));
    return this.found;
  }

  /** The organization's id, or NO_ORGANIZATION with what to do instead. */
  async organizationId(): Promise<number> {
    const found = await this.organization();
    if (found) return found.id;
    throw new HubError(
      'NO_ORGANIZATION',
      'This Tedee account has no organization, so it cannot make smart keys (access links). ' +
        'Name doorcode or appkey instead, or create an organization in the Tedee Portal.',
    );
  }

  /** Forget the organization read earlier (after the account was edited). */
  forget(): void {
    this.found = undefined;
  }

  users(organizationId: number, text?: string): Promise<OrganizationMember[]> {
    return keyCall({ action: `Reading the users of organization ${organizationId}` }, async () =>
      (await this.client.listOrganizationUsers(organizationId, { text, includePending: true })).map(
        (user) => ({
          id: user.id,
          email: typeof user.email === 'string' ? user.email : null,
          name: typeof user.displayName === 'string' ? user.displayName : null,
        }),
      ),
    );
  }

  groups(organizationId: number, text?: string): Promise<UserGroup[]> {
    return keyCall({ action: `Reading the user groups of organization ${organizationId}` }, async () =>
      (await this.client.listUserGroups(organizationId, text)).map((group) => ({
        id: group.id,
        name: group.name,
        members: typeof group.membersCount === 'number' ? group.membersCount : null,
      })),
    );
  }
}
