import type { Config } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Links into the portal for a store: its catalog entity and the stores page.
 * Absolute, from `app.baseUrl`, so that they work wherever a task's output is
 * shown (the task page, a notification, an API client).
 */
export class PortalLinks {
  readonly #appBaseUrl: string;

  static fromConfig(config: Config): PortalLinks {
    return new PortalLinks(config.getString('app.baseUrl'));
  }

  private constructor(appBaseUrl: string) {
    this.#appBaseUrl = appBaseUrl.replace(/\/+$/, '');
  }

  /** Entity ref of a store's catalog entity, e.g. `resource:default/shop`. */
  static entityRef(storeName: string): string {
    return stringifyEntityRef({
      kind: 'resource',
      namespace: 'default',
      name: storeName,
    });
  }

  catalogPage(storeName: string): string {
    return `${this.#appBaseUrl}/catalog/default/resource/${encodeURIComponent(
      storeName,
    )}`;
  }

  storesPage(): string {
    return `${this.#appBaseUrl}/stores`;
  }
}
