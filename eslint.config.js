import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Nothing in the engine may read the clock, roll dice or do IO: they come in through ctx. */
const purity = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'The engine is pure: use ctx.now.' },
    { object: 'Math', property: 'random', message: 'The engine is pure: use ctx.random.' },
    { object: 'performance', property: 'now', message: 'The engine is pure: use ctx.now.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'The engine is pure: use ctx.now, not new Date().',
    },
  ],
  'no-restricted-globals': [
    'error',
    { name: 'fetch', message: 'The engine is pure: emit an http_request action.' },
    { name: 'crypto', message: 'The engine is pure: randomness comes from ctx.random.' },
    { name: 'setTimeout', message: 'The engine is pure: emit a schedule_timer action.' },
    { name: 'console', message: 'The engine is pure: emit actions instead of logging.' },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'],
          message: 'The engine is pure: no IO.',
        },
      ],
    },
  ],
}

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.turbo/**', '**/coverage/**', 'data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/engine/src/**/*.ts', 'packages/flow-schema/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: purity,
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
