/** How the cards name an engine and its store's two links. */
export interface EngineWording {
  title: string;
  storefront: string;
  admin: string;
}

const ENGINES: Record<string, EngineWording> = {
  woocommerce: {
    title: 'WooCommerce',
    storefront: 'Storefront',
    admin: 'WooCommerce admin',
  },
  // Medusa ships no storefront UI: its link is the store API a storefront uses.
  medusa: { title: 'Medusa', storefront: 'Store API', admin: 'Medusa admin' },
};

/** The wording of an engine; an engine the frontend does not know gets generic words. */
export function engineWording(engine: string): EngineWording {
  return (
    ENGINES[engine] ?? {
      title: engine,
      storefront: 'Storefront',
      admin: 'Admin',
    }
  );
}
