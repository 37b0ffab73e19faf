import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['lib/**', 'dist/**', 'node_modules/**', 'test/artifacts/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['log', 'error'] }]
    }
  },
  {
    files: ['src/**/*.ts'],
    // Only src/cli prints: everything else returns data.
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' }
  }
)
