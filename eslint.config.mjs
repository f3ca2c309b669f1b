// Type-aware linting for the whole repository; Prettier owns formatting.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The order of the house: a lib imports only the libs of the layers before its own (never a
 * sibling in its layer, never one after), through their index. Apps sit on top of every lib.
 */
const LAYERS = [
  ['core'],
  ['identity'],
  ['catalog'],
  ['learning', 'notifications'],
  ['assessment', 'skills-lab'],
  ['certificates'],
  ['accreditation'],
];

const DEEP_IMPORT = {
  group: ['@academy/*/*', '**/libs/*/src/*'],
  message: 'Import a lib through its index: @academy/<lib>.',
};

/** One no-restricted-imports block per lib: the libs it may not reach, and no way around the index. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((lib) => {
    const later = LAYERS.slice(index)
      .flat()
      .filter((other) => other !== lib);
    return {
      files: [`libs/${lib}/src/**/*.ts`],
      ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              DEEP_IMPORT,
              ...(later.length > 0
                ? [
                    {
                      group: later.map((other) => `@academy/${other}`),
                      message: `${lib} comes before these libs in the order of the house (${LAYERS.map((names) => names.join('/')).join(' → ')}); move the shared piece down or send a domain event.`,
                    },
                  ]
                : []),
              {
                group: ['**/migrations', '**/migrations/*', '**/apps/*'],
                message: 'Libs know neither the migrations nor the apps.',
              },
            ],
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'var/**',
      'node_modules/**',
      'coverage/**',
      'test/browser/artifacts/**',
      'apps/api/public/**',
      '*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // `const { secret, ...rest } = row` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }],
    },
  },
  ...layerRules,
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Route tables give every entry the same async signature, awaiting or not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
