import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { IconBundleBlueprint } from '@backstage/plugin-app-react';
import { storeLinkIcons } from '@internal/plugin-stores/alpha';

/**
 * Icons that Backstage's defaults lack: the storefront and admin icons of a
 * store's links (entity page links card, the create task's output).
 */
export const iconsModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    IconBundleBlueprint.make({
      name: 'stores',
      params: { icons: storeLinkIcons },
    }),
  ],
});
