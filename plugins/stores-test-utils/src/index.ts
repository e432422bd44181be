/**
 * Test helpers shared by the stores packages. Used only as a devDependency,
 * from tests.
 *
 * @packageDocumentation
 */
export * from './cluster';
export * from './storesService';
