export {
  StoreNameField,
  storeNameProblem,
  validateStoreNameField,
} from './StoreNameField';
