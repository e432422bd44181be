export { default } from './plugin';
export { storesApi } from './apis';
export { storesPage } from './pages';
export { entityStoreStatusCard } from './entityCards';
export { entityStoreEventsContent } from './entityContents';
export {
  storeNameConfirmationFormField,
  storeNameFormField,
  storeOwnerFormField,
} from './formFields';
export { storeLinkIcons } from './icons';
