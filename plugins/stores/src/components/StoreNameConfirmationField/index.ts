export {
  StoreNameConfirmationField,
  validateStoreNameConfirmation,
  storeNameOf,
} from './StoreNameConfirmationField';
