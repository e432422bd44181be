import {
  throwResponseErrors,
  type StoresApiPaths,
} from '@internal/plugin-stores-common';
import createClient, { type Client } from 'openapi-fetch';

/**
 * An openapi-fetch client of the stores API, typed from its OpenAPI spec.
 * A non-2xx answer is thrown as a ResponseError carrying the backend's
 * error, as Backstage clients do.
 */
export function createStoresApiClient(options: {
  baseUrl: string;
  headers: Record<string, string>;
}): Client<StoresApiPaths> {
  const client = createClient<StoresApiPaths>(options);
  client.use(throwResponseErrors);
  return client;
}

/**
 * The answer of a call that succeeded (failures were thrown above); `T`
 * picks one where the spec gives a route several success answers.
 */
export function dataOf<T>(result: { data?: unknown }): T {
  return result.data as T;
}
