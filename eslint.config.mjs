// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (ARCHITECTURE.md): the server runs without VS Code, the webview only speaks the protocol,
// and finding problems (analysis) does not depend on verifying them (sim). Import cycles are
// checked by scripts/check-cycles.mjs, also run by `npm run lint`.
const NOT_IN_SERVER = [
  { regex: '^vscode$', message: 'server/ runs without VS Code: it never imports `vscode`.' },
  {
    regex: '^vscode-languageclient(/|$)',
    message: 'server/ is the language server: the client library belongs to extension/.',
  },
  { regex: '(^|/)extension(/|$)', message: 'server/ never imports from extension/.' },
];
const NOT_IN_ANALYSIS = [
  {
    regex: '(^|/)sim(/|$)',
    message:
      'server/analysis (Find) never imports server/sim (Verify); shared facts live in server/target.',
  },
];
const MEDIA_ONLY = [
  {
    regex: '^(?!\\./|uplot(/|$)|(\\.\\./)+server/protocol/)',
    message:
      'media/ imports only its own files, its libraries (uplot, css) and server/protocol types.',
  },
  {
    regex: '(^|/)server/protocol/',
    allowTypeImports: true,
    message:
      'media/ imports only types from server/protocol (the webview bundle carries no server code).',
  },
];
const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.flat() }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-vsix/',
      'dist-test/',
      '.cache/',
      'test-results/',
      'examples/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  { files: ['server/**/*.ts'], rules: restrict(NOT_IN_SERVER) },
  { files: ['server/analysis/**/*.ts'], rules: restrict(NOT_IN_SERVER, NOT_IN_ANALYSIS) },
  { files: ['media/**/*.ts'], rules: restrict(MEDIA_ONLY) },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
