import { mockServices } from '@backstage/backend-test-utils';
import type {
  TemplateAction,
  TemplateExample,
} from '@backstage/plugin-scaffolder-node';
import type { StoresService } from '@internal/plugin-stores-node';
import {
  createStoreCreateAction,
  createStoreDeleteAction,
  createStoreUpdateAction,
  createStoreWaitAction,
} from '../actions';
import { parseExampleSteps, resolveStepOutputs } from './examples';
import { actionContext, outputsOf } from './stores';

/**
 * Runs every step of an example with this package's actions, in order, as the
 * scaffolder would, feeding each step's outputs to the later steps. Returns
 * the outputs by step id.
 */
export async function runExample(
  example: TemplateExample,
  stores: StoresService,
): Promise<Record<string, Record<string, unknown>>> {
  const config = mockServices.rootConfig({
    data: { app: { baseUrl: 'http://localhost:3000' } },
  });
  const actions: Record<string, TemplateAction<any, any>> = {};
  for (const action of [
    createStoreCreateAction({ stores, config }),
    createStoreWaitAction({ stores }),
    createStoreDeleteAction({ stores }),
    createStoreUpdateAction({ stores }),
  ]) {
    actions[action.id] = action;
  }

  const outputs: Record<string, Record<string, unknown>> = {};
  for (const step of parseExampleSteps(example)) {
    const action = actions[step.action];
    if (!action) {
      throw new Error(`Example uses unknown action ${step.action}`);
    }
    const { ctx, output } = actionContext(
      resolveStepOutputs(step.input, outputs),
      { step: { id: step.id, name: step.name } },
    );
    await action.handler(ctx);
    outputs[step.id] = outputsOf(output);
  }
  return outputs;
}
