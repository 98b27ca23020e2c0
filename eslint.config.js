// ESLint for the TypeScript sources (`pnpm lint`, run by the test command): the recommended rules of
// ESLint and typescript-eslint, without type information so that a run takes seconds. The compiler's
// strict mode already refuses implicit `any`; an explicit `any` stays allowed where the registries hold
// variants, models and losses of many config types (`GanVariant<any>`), which no other type expresses.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'packages/backend-wasm/src/kernels/simd_binary.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // A leading underscore says "deliberately unused" (a parameter a signature needs, a field left out of a spread).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
