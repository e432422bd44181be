import type { CreateStoreRequest } from './schemas';
import type { components } from './schema/openapi.generated';
import { STORE_PHASES, type StorePhase } from './types';

/*
 * The zod schemas the backend validates with and the lists the UI offers
 * must say what the OpenAPI spec says. These are checked by the compiler
 * (yarn tsc): each constant below has type `true` only while the two agree.
 */

type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Spec = components['schemas'];

const phasesAgree: Agree<StorePhase, Spec['StorePhase']> = true;
const createRequestAgrees: Agree<
  Required<CreateStoreRequest>,
  Required<Spec['CreateStoreRequest']>
> = true;

describe('stores-common types and the OpenAPI spec', () => {
  it('agree on the phases and the create request (checked by tsc)', () => {
    expect(phasesAgree).toBe(true);
    expect(createRequestAgrees).toBe(true);
    expect(STORE_PHASES).toHaveLength(7);
  });
});
