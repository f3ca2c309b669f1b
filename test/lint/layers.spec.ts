import { ESLint } from 'eslint';
import { PROJECT_ROOT } from '@academy/core';

/** Lints one line as if it were a production file at `filePath`, with only the import rule. */
async function importProblems(filePath: string, line: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: PROJECT_ROOT,
    // Only the import rule runs, so the snippet needs no type information.
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  });
  const [result] = await eslint.lintText(`${line}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).map((message) => message.message);
}

describe('the order of the libs is enforced by lint', () => {
  it.each([
    ['libs/core/src/lint-probe.ts', "import { x } from '@academy/identity';"],
    ['libs/identity/src/lint-probe.ts', "import { x } from '@academy/catalog';"],
    ['libs/catalog/src/lint-probe.ts', "import { x } from '@academy/learning';"],
    ['libs/learning/src/lint-probe.ts', "import { x } from '@academy/notifications';"],
    ['libs/notifications/src/lint-probe.ts', "import { x } from '@academy/learning';"],
    ['libs/assessment/src/lint-probe.ts', "import { x } from '@academy/skills-lab';"],
    ['libs/certificates/src/lint-probe.ts', "import { x } from '@academy/accreditation';"],
    [
      'libs/accreditation/src/lint-probe.ts',
      "import { x } from '@academy/assessment/src/attempts/attempts.service';",
    ],
    ['libs/core/src/database/lint-probe.ts', "import { x } from '../../../../migrations';"],
    ['libs/catalog/src/lint-probe.ts', "import { x } from '../../../apps/api/src/create-app';"],
    ['apps/api/src/lint-probe.ts', "import { x } from '../../../libs/catalog/src/catalog.module';"],
  ])('refuses %s: %s', async (filePath, line) => {
    expect(await importProblems(filePath, line)).toEqual([expect.any(String)]);
  });

  it.each([
    ['libs/identity/src/lint-probe.ts', "import { x } from '@academy/core';"],
    ['libs/certificates/src/lint-probe.ts', "import { x } from '@academy/skills-lab';"],
    ['libs/accreditation/src/lint-probe.ts', "import { x } from '@academy/certificates';"],
    ['apps/api/src/lint-probe.ts', "import { x } from '@academy/accreditation';"],
  ])('allows %s: %s', async (filePath, line) => {
    expect(await importProblems(filePath, line)).toEqual([]);
  });
});
