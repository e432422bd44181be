import type { Store } from '@internal/plugin-stores-common';

/** A store's admin sign-in, as `GET /stores/:id/credentials` answers it. */
export interface AdminCredentialsAnswer {
  username: string;
  password: string;
}

/** A rotation that has started; `finished` settles once the outcome is recorded. */
export interface RotationStarted {
  /** The Job that sets the new password in the store. */
  job: string;
  /** Resolves true once the Secret holds the new password, false when the old one stays. */
  finished: Promise<boolean>;
}

/**
 * The admin credentials of stores, where the engine keeps them (its
 * generated Secret in the store's namespace). The caller has already been
 * authorized; nothing here logs or reports a password.
 */
export interface StoreCredentialsAdmin {
  /** The admin's user name and current password; ConflictError when the store has none (yet). */
  read(store: Store): Promise<AdminCredentialsAnswer>;
  /** Starts setting a new password through the engine's rotation Job. */
  rotate(store: Store, actor: string): Promise<RotationStarted>;
}
