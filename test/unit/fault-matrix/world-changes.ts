import type { PoolUser } from '../mfa-recovery/support/fake-user-pool';
import type { Item } from '../mfa-recovery/support/fake-table';
import type { RecoveryWorld } from '../mfa-recovery/support/world';

/**
 * What a run changed in the fake world, measured against a snapshot taken after seeding: Cognito
 * users (added, deleted, and each one's status, enabled flag, groups, password, factor and
 * sessions), main-table items (added, deleted, changed attributes), audit records, invitations
 * Cognito sent and emails we sent. Attempt counters are left out: every attempt counts, whatever
 * happens after, and the limiter's own tests cover them.
 */
export interface WorldSnapshot {
  readonly users: Map<string, PoolUser>;
  readonly items: Item[];
  readonly audit: Item[];
  readonly invitations: number;
  readonly outbox: number;
}

export function snapshot(world: RecoveryWorld): WorldSnapshot {
  return {
    users: new Map([...world.pool.users].map(([name, user]) => [name, structuredClone(user)])),
    items: world.table.all(process.env.TABLE_NAME),
    audit: world.table.all(process.env.AUDIT_TABLE_NAME),
    invitations: world.pool.invitations.length,
    outbox: world.outbox.length,
  };
}

const itemId = (item: Item) => `${item.pk}|${item.sk}`;

/** JSON with sets as sorted arrays (JSON.stringify writes every Set as `{}`: a string set's change would go unseen). */
export const stateJson = (value: unknown) => JSON.stringify(value, (_key, item) => (item instanceof Set ? [...item].sort() : item));
const isCounter = (item: Item) => String(item.pk).startsWith('RATE#');

/** One user's changes, e.g. "status FORCE_CHANGE_PASSWORD, password, factor removed, signed out". */
function userChanges(before: PoolUser, after: PoolUser): string[] {
  const groups = (user: PoolUser) => [...user.groups].sort().join(',');
  return [
    before.status !== after.status && `status ${after.status}`,
    before.enabled !== after.enabled && (after.enabled ? 'enabled' : 'disabled'),
    groups(before) !== groups(after) && `groups [${groups(after)}]`,
    before.password !== after.password && 'password',
    before.mfaConfigured !== after.mfaConfigured && (after.mfaConfigured ? 'factor added' : 'factor removed'),
    before.refreshTokens.size > 0 && after.refreshTokens.size === 0 && 'signed out',
    JSON.stringify(before.attributes) !== JSON.stringify(after.attributes) && 'attributes',
  ].filter((change): change is string => typeof change === 'string');
}

const describeUser = (user: PoolUser) => `${user.attributes.email} ${user.status}${user.enabled ? '' : ' disabled'} [${[...user.groups].sort().join(',')}]`;

/** The names of an item's attributes whose values changed (added, removed or set). */
function attributeChanges(before: Item, after: Item): string[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names
    .filter((name) => stateJson(before[name]) !== stateJson(after[name]))
    .map((name) => (name === 'accountStatus' || name === 'activeAdmins' ? `${name}=${after[name]}` : name));
}

/**
 * The changes since `before`, as one line of facts, e.g.
 * "cognito: +x@example.com FORCE_CHANGE_PASSWORD [admins]; table: +AdminInfo +EmailClaim +User; audit: +ADMIN_PROVISIONED; invitations: 1",
 * or "none".
 */
export function changesSince(world: RecoveryWorld, before: WorldSnapshot): string {
  const after = snapshot(world);
  const cognito = [
    ...[...after.users.values()].filter((user) => !before.users.has(user.username)).map((user) => `+${describeUser(user)}`),
    ...[...before.users.values()].filter((user) => !after.users.has(user.username)).map((user) => `-${user.attributes.email}`),
    ...[...after.users.values()]
      .filter((user) => before.users.has(user.username))
      .map((user) => [user.attributes.email, userChanges(before.users.get(user.username)!, user)] as const)
      .filter(([, changes]) => changes.length > 0)
      .map(([email, changes]) => `~${email} ${changes.join(', ')}`),
  ];
  const beforeItems = new Map(before.items.filter((item) => !isCounter(item)).map((item) => [itemId(item), item]));
  const afterItems = new Map(after.items.filter((item) => !isCounter(item)).map((item) => [itemId(item), item]));
  const table = [
    ...[...afterItems].filter(([id]) => !beforeItems.has(id)).map(([, item]) => `+${item.entity}`),
    ...[...beforeItems].filter(([id]) => !afterItems.has(id)).map(([, item]) => `-${item.entity}`),
    ...[...afterItems]
      .filter(([id, item]) => beforeItems.has(id) && stateJson(beforeItems.get(id)) !== stateJson(item))
      .map(([id, item]) => `~${item.entity}(${attributeChanges(beforeItems.get(id)!, item).join(',')})`),
  ].sort();
  const known = new Set(before.audit.map(itemId));
  const audit = after.audit
    .filter((record) => !known.has(itemId(record)))
    .map((record) => `+${record.event}${record.outcome === 'SUCCESS' ? '' : `(${record.outcome})`}`)
    .sort();
  const emails = world.outbox.slice(before.outbox).map((mail) => `"${mail.subject}"`);
  const facts = [
    cognito.length > 0 && `cognito: ${cognito.sort().join(' ')}`,
    table.length > 0 && `table: ${table.join(' ')}`,
    audit.length > 0 && `audit: ${audit.join(' ')}`,
    after.invitations > before.invitations && `invitations: ${after.invitations - before.invitations}`,
    emails.length > 0 && `emails: ${emails.join(' ')}`,
  ].filter((fact): fact is string => typeof fact === 'string');
  return facts.join('; ') || 'none';
}
