import type { RenderedObject } from '@internal/plugin-stores-common';
import type { EngineRenderContext } from './engine';

/** A key of a Secret in the store's namespace. */
export interface SecretKeyRef {
  name: string;
  key: string;
}

/**
 * The application's admin account: where a store's admin sign-in lives, for
 * engines whose application has an admin user (`StoreEngine.adminCredentials`).
 * Not the API's `AdminCredentials` (stores-common), which is the user name
 * and password answered to an owner. The password is a key of the
 * engine's generated Secret; the stores backend reads it from there for the
 * store's owners (`GET /stores/:id/credentials`) and never elsewhere.
 */
export interface AdminAccount {
  /** The name the admin signs in with (a user name, or an email address). */
  userName(ctx: EngineRenderContext): string;
  /** The key of the generated Secret that holds the admin password. */
  passwordKey: string;
  /**
   * The Job that sets a new admin password in the running application,
   * read from `newPassword` (a temporary Secret the backend creates; the
   * container gets it as {@link NEW_ADMIN_PASSWORD_ENV}, never as a
   * literal). It must print no secret: the tail of its output is shown
   * when it fails. Absent: the engine cannot rotate its admin password.
   */
  rotationJob?(
    ctx: EngineRenderContext,
    newPassword: SecretKeyRef,
  ): RenderedObject;
}

/** The variable a rotation Job's container reads the new password from. */
export const NEW_ADMIN_PASSWORD_ENV = 'NEW_ADMIN_PASSWORD';
