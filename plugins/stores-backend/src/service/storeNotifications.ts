import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Store, StorePhase } from '@internal/plugin-stores-common';

/** What an owner is told when their store reaches a phase, or is gone. */
type Notice = {
  severity: 'normal' | 'high' | 'low';
  title: (store: Store) => string;
  description: (store: Store) => string;
};

// Only the phases an owner acts on or waits for. Pending, provisioning and
// deleting are steps on the way, already visible on the store's page.
// Suspended is told when it is asked for (the API sets it).
const NOTICES: Partial<Record<StorePhase | 'deleted', Notice>> = {
  ready: {
    severity: 'normal',
    title: store => `Store ${store.name} is ready`,
    description: () => 'Its storefront and admin links are on its page.',
  },
  degraded: {
    severity: 'high',
    title: store => `Store ${store.name} is degraded`,
    description: store =>
      `${
        store.failureReason ?? failingConditions(store)
      }. The portal keeps repairing it; it returns to ready by itself once this holds again.`,
  },
  failed: {
    severity: 'high',
    title: store => `Store ${store.name} failed`,
    description: store =>
      `${
        store.failureReason ?? failingConditions(store)
      }. Retry it from its page once the cause is fixed.`,
  },
  suspended: {
    severity: 'low',
    title: store => `Store ${store.name} is suspended`,
    description: () =>
      'Its workloads are scaled to zero and its data is kept; resume it from its page.',
  },
  deleted: {
    severity: 'low',
    title: store => `Store ${store.name} was deleted`,
    description: () => 'Its namespace and everything in it are gone.',
  },
};

/**
 * The notification for a store's change, or undefined when the change is not
 * worth one: a phase change to ready, degraded, suspended or failed, or the
 * end of a delete. It goes to the store's owner (a user, or every member of an owning
 * group, resolved by the notifications backend through the catalog) and
 * links to the store's catalog page. One scope per store, so an owner sees
 * the store's latest state rather than a pile of old ones. Built from the
 * store's name, phase and condition messages only: never a secret.
 */
export function storeNotification(
  store: Store,
  change: { previousPhase?: StorePhase; deleted?: boolean },
): NotificationSendOptions | undefined {
  const phaseChanged =
    change.previousPhase !== undefined && change.previousPhase !== store.phase;
  if (!change.deleted && !phaseChanged) {
    return undefined;
  }
  const notice = NOTICES[change.deleted ? 'deleted' : store.phase];
  if (!notice) {
    return undefined;
  }
  return {
    recipients: { type: 'entity', entityRef: store.owner },
    payload: {
      title: notice.title(store),
      description: notice.description(store),
      link: change.deleted
        ? '/stores'
        : `/catalog/default/resource/${store.name}`,
      severity: notice.severity,
      topic: 'stores',
      scope: `stores:${store.id}`,
    },
  };
}

function failingConditions(store: Store): string {
  const failing = store.conditions
    .filter(c => c.status !== 'True')
    .map(c => (c.message ? `${c.type}: ${c.message}` : c.type));
  return failing.length ? failing.join('; ') : 'A condition does not hold';
}
