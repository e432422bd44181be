import yaml from 'yaml';
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';

export interface ExampleStep {
  id: string;
  action: string;
  name?: string;
  input: JsonObject;
}

/** Parses an example's YAML into its steps, checking their shape. */
export function parseExampleSteps(example: TemplateExample): ExampleStep[] {
  const parsed = yaml.parse(example.example);
  if (!parsed || !Array.isArray(parsed.steps) || parsed.steps.length === 0) {
    throw new Error(`Example "${example.description}" has no steps`);
  }
  for (const step of parsed.steps) {
    if (typeof step.id !== 'string' || typeof step.action !== 'string') {
      throw new Error(
        `Example "${example.description}" has a step without id or action`,
      );
    }
  }
  return parsed.steps;
}

/**
 * Resolves `${{ steps['<id>'].output.<key> }}` in a step's input from the
 * outputs of earlier steps: the only expression the examples use.
 */
export function resolveStepOutputs(
  input: JsonObject,
  outputs: Record<string, Record<string, unknown>>,
): JsonObject {
  const expression = /^\$\{\{\s*steps\['([^']+)'\]\.output\.(\w+)\s*\}\}$/;
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => {
      const match = typeof value === 'string' ? expression.exec(value) : null;
      if (!match) {
        return [key, value];
      }
      const [, stepId, outputKey] = match;
      const resolved = outputs[stepId]?.[outputKey];
      if (resolved === undefined) {
        throw new Error(`${value} did not resolve to anything`);
      }
      return [key, resolved];
    }),
  ) as JsonObject;
}
