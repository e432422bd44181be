import type { components } from './schema/openapi.generated';

/** A store's admin sign-in (`GET /stores/:id/credentials`). A secret: never log or store it. */
export type AdminCredentials = components['schemas']['AdminCredentials'];
/** A started rotation (`POST /stores/:id/credentials/rotate`); the store's events tell its end. */
export type CredentialsRotation = components['schemas']['CredentialsRotation'];
