import { storePhaseValues, type components } from './schema/openapi.generated';

type Schemas = components['schemas'];

/**
 * Lifecycle phase of a store. `deleted` rows are kept for audit but never
 * listed. `degraded`: the store has been ready and something no longer
 * holds (its conditions say what); it returns to `ready` by itself. Only
 * the provisioning of a new generation ends in `failed`. `suspended`: its
 * owner asked for its workloads to be scaled to zero; its data is kept and
 * a resume brings it back to `ready`. The values, in the order the UI
 * lists them, are the spec's `StorePhase` enum (generated).
 */
export const STORE_PHASES = storePhaseValues;
export type StorePhase = Schemas['StorePhase'];

export type ConditionStatus = StoreCondition['status'];

/*
 * The API's shapes are generated from the stores API's OpenAPI spec
 * (plugins/stores-backend/src/schema/openapi.yaml); their docs are there.
 */

/** One stage of provisioning, in the shape of a Kubernetes status condition. */
export type StoreCondition = Schemas['StoreCondition'];
export type StoreUrls = Schemas['StoreUrls'];
/** A store as the API returns it. Never carries a secret. */
export type Store = Schemas['Store'];
/** Engine options a template may expose. */
export type StoreOptions = Schemas['StoreOptions'];
export type StoreEvent = Schemas['StoreEvent'];
export type StoreList = Schemas['StoreList'];
export type StoreEventList = Schemas['StoreEventList'];
/** Where the rollout of an engine or config change stands (`GET /rollout`). */
export type RolloutStatus = Schemas['RolloutStatus'];

/** What the backend publishes (signals and events service) on every change. */
export interface StoreChangedSignal {
  storeId: string;
  name: string;
  owner: string;
  phase: StorePhase | 'deleted';
  /** Types of the conditions that hold, to let listeners skip a refetch. */
  conditions: Array<Pick<StoreCondition, 'type' | 'status'>>;
}

/** One Kubernetes object an engine would apply; returned by dry runs. */
export type RenderedObject = Schemas['RenderedObject'];
/** A dry run's answer; the Secret's data in `objects` is redacted. */
export type StoreDryRunResult = Schemas['StoreDryRunResult'];
