/**
 * Node library for the stores plugin: a typed client for other backend
 * plugins and the engine extension point.
 *
 * @packageDocumentation
 */
export * from './access';
export * from './adminCredentials';
export * from './backups';
export * from './client';
export * from './engine';
export * from './extensions';
export * from './plans';
export * from './rendering';
export * from './serviceRef';
export * from './verbatimLimitRanges';
