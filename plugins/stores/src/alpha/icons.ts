import type { IconComponent } from '@backstage/frontend-plugin-api';
import SettingsIcon from '@material-ui/icons/Settings';
import StorefrontIcon from '@material-ui/icons/Storefront';
import { STORE_LINK_ICONS } from '@internal/plugin-stores-common';

/**
 * The icons of a store's links, by the ids its catalog entity and the
 * templates' output links use. Icon bundles belong to the app plugin, so the
 * app installs these (an `IconBundleBlueprint` in packages/app); without
 * them the links show no icon.
 *
 * @alpha
 */
export const storeLinkIcons: Record<string, IconComponent> = {
  [STORE_LINK_ICONS.storefront]: StorefrontIcon as IconComponent,
  [STORE_LINK_ICONS.admin]: SettingsIcon as IconComponent,
};
