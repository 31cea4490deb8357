/**
 * The issuer role check (access-model.md §4, the hospitality table): Owner, General Manager and Team may
 * create, change and revoke keys; Installer and Housekeeping may look but not give or take access. This is
 * the hub's own rule on top of the PAK's access level on each door, which the cloud enforces as well.
 */
import { KeyError } from './errors.js';
import { ISSUER_ROLES, ROLES_THAT_ISSUE } from './model.js';
import type { IssuerRole } from './model.js';

/** What an issuer does to keys. The ones that give, change or take access need an issuing role. */
export type KeyAction =
  | 'create'
  | 'update'
  | 'revoke'
  | 'replace-code'
  | 'resend'
  | 'apply-profile'
  | 'manage-profiles'
  | 'view'
  | 'reconcile';

/**
 * Actions anyone with access to the hub may take. `reconcile` only brings the cloud back to what an issuer
 * already decided (the store), so it grants nothing new; `resend` re-creates an app invitation, so it does.
 */
const OPEN_ACTIONS: ReadonlySet<KeyAction> = new Set<KeyAction>(['view', 'reconcile']);

export function mayTake(role: IssuerRole, action: KeyAction): boolean {
  return OPEN_ACTIONS.has(action) || ROLES_THAT_ISSUE.has(role);
}

const ACTION_WORDS: Record<KeyAction, string> = {
  create: 'create keys',
  update: 'change keys',
  revoke: 'revoke keys',
  'replace-code': 'replace doorcodes',
  resend: 'resend credentials',
  'apply-profile': 'apply profiles to keys',
  'manage-profiles': 'change profiles',
  view: 'view keys',
  reconcile: 'reconcile keys',
};

/** Throws ROLE_FORBIDDEN when `role` may not take `action`; an unknown role may take none but the open ones. */
export function checkIssuerRole(role: string, action: KeyAction): void {
  const known = (ISSUER_ROLES as readonly string[]).includes(role);
  if (known && mayTake(role as IssuerRole, action)) return;
  if (!known && OPEN_ACTIONS.has(action)) return;
  const allowed = ISSUER_ROLES.filter((issuer) => ROLES_THAT_ISSUE.has(issuer)).join(', ');
  const who = known ? `The role ${role}` : `The unknown role "${role}"`;
  throw new KeyError('ROLE_FORBIDDEN', `${who} may not ${ACTION_WORDS[action]}; only ${allowed} may.`, {
    reason: known ? `${role} does not issue keys` : `unknown role (known: ${ISSUER_ROLES.join(', ')})`,
  });
}
