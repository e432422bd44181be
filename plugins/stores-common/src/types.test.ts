import type { CreateStoreRequest } from './schemas';
import type { components } from './schema/openapi.generated';

/*
 * The zod schemas the backend validates with must say what the OpenAPI
 * spec says. This is checked by the compiler (yarn tsc): the constant below
 * has type `true` only while the two agree. (The phases need no check:
 * STORE_PHASES is the spec's generated enum.)
 */

type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Spec = components['schemas'];

const createRequestAgrees: Agree<
  Required<CreateStoreRequest>,
  Required<Spec['CreateStoreRequest']>
> = true;

describe('stores-common types and the OpenAPI spec', () => {
  it('agree on the create request (checked by tsc)', () => {
    expect(createRequestAgrees).toBe(true);
  });
});
