import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import type { StoreAccessFilter, StoreOwnerQuery } from './StoresDatabase';

/** Adds the access filter (owners list and permission criteria) in SQL. */
export function applyAccess(
  query: Knex.QueryBuilder,
  access?: StoreAccessFilter,
): void {
  if (!access) {
    return;
  }
  if (access.owners) {
    if (access.owners.length === 0) {
      query.whereRaw('1 = 0');
    } else {
      query.whereIn('owner', access.owners);
    }
  }
  if (access.criteria) {
    const criteria = access.criteria;
    query.where(q => applyCriteria(q, criteria));
  }
}

function applyCriteria(
  query: Knex.QueryBuilder,
  criteria: PermissionCriteria<StoreOwnerQuery>,
): void {
  if ('allOf' in criteria) {
    for (const c of criteria.allOf) {
      query.where(q => applyCriteria(q, c));
    }
  } else if ('anyOf' in criteria) {
    query.where(q => {
      for (const c of criteria.anyOf) {
        q.orWhere(q2 => applyCriteria(q2, c));
      }
    });
  } else if ('not' in criteria) {
    query.whereNot(q => applyCriteria(q, criteria.not));
  } else if (criteria.owners.length === 0) {
    query.whereRaw('1 = 0');
  } else {
    query.whereIn('owner', criteria.owners);
  }
}
