// Lint guards what the type-checker cannot: promises nobody owns and switches that miss a case.
// Style (formatting) is deliberately not checked here.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Browser code served as-is to the pages (dashboard, trainer, workspace), outside the TypeScript project.
  { ignores: ['src/*/web/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `void x()` is not an owner: a fire-and-forget call catches and logs where it starts.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: false,
          ignoreIIFE: false,
          // The call journal's queue owns its writes: a failure is logged inside, its promise never rejects.
          allowForKnownSafeCalls: [{ from: 'file', name: 'enqueue', path: 'src/calls/call-journal.service.ts' }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
