// `schedcheck schema`: prints the scenario JSON Schema, for editors and for validating scenario files.
import { scenarioJsonSchema } from '../../scenarios/schema.ts';
import { EXIT_OK } from '../errors.ts';

export function schemaCommand(): number {
  process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return EXIT_OK;
}
