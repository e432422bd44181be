export { createStoreCreateAction } from './createStore';
export { createStoreWaitAction } from './waitForStore';
export { createStoreDeleteAction } from './deleteStore';
export { createStoreUpdateAction } from './updateStore';
