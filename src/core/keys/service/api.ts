/**
 * What every front end (CLI, Node-RED, the HTTP API) calls to manage keys: the key service's public surface.
 * The implementation (issue 10) is built from the hub's context (HubContext) and a KeyStore.
 */
import type {
  DailyHours,
  DoorcodeRequest,
  IssuerRole,
  Key,
  KeyRequest,
  KeyStatus,
  Person,
  Profile,
  Weekday,
} from '../model.js';

/** Who asks, and with which role (the hospitality table; installer and housekeeping cannot change keys). */
export interface Issuer {
  /** A name for the audit trail: "cli", "node-red:<node id>", "app:<application>". */
  issuer: string;
  role: IssuerRole;
}

export interface KeyFilter {
  status?: KeyStatus;
  /** Lock id, serial number or name. */
  door?: string | number;
  /** Matches a person's name or email. */
  person?: string;
  /** Matches the key's name or notes. */
  text?: string;
  profile?: string;
}

/** What a dry run shows, per door: what would be written (local and UTC), or why the door would refuse. */
export interface DoorPlan {
  lockId: number;
  lockName: string;
  /** ok: the credentials it would write; else the code and the reason it would refuse. */
  ok: boolean;
  writes: {
    kind: 'doorcode' | 'appkey' | 'smartkey';
    person: string;
    local: string;
    utc: Record<string, unknown>;
  }[];
  code?: string;
  reason?: string;
}

export interface IssuePlan {
  dryRun: true;
  key: Key;
  doors: DoorPlan[];
}

/** Changes to a key; absent fields stay as they are. Doors: adding writes, removing deletes. */
export interface KeyUpdate {
  name?: string;
  doors?: (string | number)[];
  from?: string | null;
  until?: string | null;
  days?: Weekday[] | null;
  hours?: DailyHours | null;
  timeZone?: string;
  profile?: string | null;
  notes?: string | null;
  persons?: KeyRequest['persons'];
}

export interface ShowOptions {
  /** Show doorcodes in clear (the CLI's --reveal). */
  reveal?: boolean;
}

/** Every method rejects with a HubError/KeyError carrying a stable code; keys returned are masked unless revealed. */
export interface KeyServiceApi {
  /** Issues a key (all-or-nothing unless request.bestEffort); a dry run returns the plan and writes nothing. */
  issue(request: unknown, by: Issuer, options?: ShowOptions): Promise<Key | IssuePlan>;
  list(filter?: KeyFilter): Key[];
  show(id: string, options?: ShowOptions): Key;
  update(id: string, changes: KeyUpdate, by: Issuer): Promise<Key>;
  /** A new doorcode for one person (by index or name) under the given policy; the old one is removed. */
  replaceCode(id: string, person: number | string, doorcode: DoorcodeRequest, by: Issuer): Promise<Key>;
  /** Delivers a person's credentials again (and re-creates an app invitation). */
  resend(id: string, person: number | string | undefined, by: Issuer): Promise<Key>;
  /** Deletes every cloud object of the key; status `revoked`. */
  revoke(id: string, by: Issuer): Promise<Key>;
  /** Compares the store with the cloud; repairs drift when `repair` is set. Returns what differed. */
  reconcile(options?: { repair?: boolean; keyId?: string }): Promise<DriftReport[]>;
  profiles: {
    add(profile: unknown, by: Issuer): Profile;
    list(): Profile[];
    show(name: string): Profile;
    /** Rewrites every key that uses the profile (all-or-nothing per key). */
    apply(
      name: string,
      by: Issuer,
    ): Promise<{ keyId: string; ok: boolean; code?: string; reason?: string }[]>;
    remove(name: string, by: Issuer): boolean;
  };
}

export interface DriftReport {
  keyId: string;
  lockId: number;
  person?: Pick<Person, 'name'>;
  kind: 'doorcode' | 'appkey' | 'smartkey';
  /** missing: deleted behind the hub's back; changed: another code or window; accepted: an invitation was accepted; orphan: in the cloud but not in the store. */
  drift: 'missing' | 'changed' | 'accepted' | 'orphan' | 'expired';
  repaired: boolean;
  detail: string;
}
