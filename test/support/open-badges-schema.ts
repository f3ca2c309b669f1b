import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';

// 1EdTech's own schema, vendored byte for byte (see schemas/README.md): not a copy of our types.
const schema = JSON.parse(
  readFileSync(join(__dirname, 'schemas', 'ob_v3p0_achievementcredential_schema.json'), 'utf8'),
) as Record<string, unknown>;

let validate: ReturnType<Ajv2019['compile']> | undefined;

/**
 * What makes a credential invalid against the Open Badges 3.0 AchievementCredential JSON Schema
 * (draft 2019-09, every format checked), one line per problem with its place; empty when valid.
 */
export function openBadgesSchemaProblems(credential: unknown): string[] {
  if (!validate) {
    // `strict: false`: the schema carries annotations Ajv's strict mode does not know.
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(credential)) {
    return [];
  }
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`,
  );
}
