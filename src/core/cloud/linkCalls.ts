/**
 * Organization access links (smart keys, "magic links") of one key, and the organization they live in.
 * A link grants the doors it lists within its repeat event (UTC fields, as for PINs). Needs an organization
 * and AccessLink.ReadWrite to write; the organization lookups need Organization.Read.
 */
import type { AccessLinkDetails, TedeeClient } from '../../client/index.js';
import { HubError } from '../errors.js';
import { keyCall, keyDelete } from './keyErrors.js';
import type { UtcWindow } from './utcWindow.js';
import { everyWindowField } from './utcWindow.js';

export interface LinkWrite {
  /** Shown only while managing links. */
  name: string;
  /** Shown to the guest; at most 72 characters. */
  description?: string;
  lockIds: number[];
  window?: UtcWindow;
}

export interface SmartKeyLink {
  id: string;
  url: string;
}

export interface StoredLink extends SmartKeyLink {
  name: string;
  description: string | null;
  lockIds: number[];
  window: UtcWindow;
}

function repeatEvent(window: UtcWindow | undefined) {
  if (!window) return undefined;
  return everyWindowField(window);
}

function toStoredLink(details: AccessLinkDetails): StoredLink {
  const link = details.accessLink;
  const event = link.repeatEvent ?? {};
  return {
    id: link.id,
    url: details.accessLinkUrl,
    name: link.name,
    description: link.description ?? null,
    lockIds: (link.devices ?? []).map((device) => device.id),
    window: everyWindowField(event),
  };
}

function checkDescription(description: string | undefined): void {
  // Tedee refuses longer ones with a bare 400; saying which field is more use to the caller.
  if (description !== undefined && description.length > 72)
    throw new HubError('BAD_REQUEST', `description: at most 72 characters, not ${description.length}.`);
}

export class LinkCalls {
  constructor(private readonly client: TedeeClient) {}

  /** Creates a link to the locks; returns its id and URL (the magic link to deliver). */
  async create(organizationId: number, write: LinkWrite): Promise<SmartKeyLink> {
    checkDescription(write.description);
    return keyCall({ action: `Creating an access link to locks ${write.lockIds.join(', ')}` }, async () => {
      const created = await this.client.createAccessLink(organizationId, {
        name: write.name,
        description: write.description,
        deviceIds: write.lockIds,
        repeatEvent: repeatEvent(write.window),
      });
      return { id: created.id, url: created.url };
    });
  }

  /** The organization's links (id and name; no URL): how a link whose create answer was lost is found again. */
  list(organizationId: number): Promise<{ id: string; name: string; lockIds: number[] }[]> {
    return keyCall({ action: `Listing the access links of organization ${organizationId}` }, async () =>
      (await this.client.listAccessLinks(organizationId)).map((link) => ({
        id: link.id,
        name: link.name,
        lockIds: (link.devices ?? []).map((device) => device.id),
      })),
    );
  }

  get(organizationId: number, linkId: string): Promise<StoredLink> {
    return keyCall({ action: `Reading access link ${linkId}` }, async () =>
      toStoredLink(await this.client.getAccessLink(organizationId, linkId)),
    );
  }

  /** Changes only what is given (PATCH): name, description, locks, window. The URL stays the same. */
  async update(organizationId: number, linkId: string, change: Partial<LinkWrite>): Promise<void> {
    checkDescription(change.description);
    return keyCall({ action: `Updating access link ${linkId}` }, () =>
      this.client.updateAccessLink(organizationId, linkId, {
        name: change.name,
        description: change.description,
        devicesIds: change.lockIds,
        repeatEvent: repeatEvent(change.window),
      }),
    );
  }

  /** Deletes a link; false when it was gone already. */
  remove(organizationId: number, linkId: string): Promise<boolean> {
    return keyDelete({ action: `Deleting access link ${linkId}` }, () =>
      this.client.deleteAccessLink(organizationId, linkId),
    );
  }
}
