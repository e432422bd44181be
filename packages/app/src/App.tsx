import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { iconsModule } from './modules/icons';
import { navModule } from './modules/nav';

export default createApp({
  features: [catalogPlugin, navModule, iconsModule],
});
