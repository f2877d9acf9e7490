// One ESLint config for the whole tree (flat config). Type-aware rules stay off: `tsc --noEmit`
// already runs in `npm test`, and type-aware linting would double its time on a 2-core machine.
import js from '@eslint/js'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import simpleImportSort from 'eslint-plugin-simple-import-sort'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
	{ ignores: ['build/', 'public/build/', '.cache/', 'data/', 'bench-results/', 'test-results/', 'node_modules/', 'db/migrations/'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx,js}'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
		plugins: { react, 'react-hooks': reactHooks, 'simple-import-sort': simpleImportSort },
		settings: { react: { version: '18.3' } },
		rules: {
			...react.configs.recommended.rules,
			...react.configs['jsx-runtime'].rules,
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'warn',
			// Props are typed by TypeScript; prose in JSX keeps its apostrophes and quotes.
			'react/prop-types': 'off',
			'react/no-unescaped-entities': 'off',
			'simple-import-sort/imports': 'error',
			'simple-import-sort/exports': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
		},
	},
	{
		// Tests read untyped JSON answers of routes; their use…() helpers are vitest fixtures, not React hooks.
		files: ['tests/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off', 'react-hooks/rules-of-hooks': 'off' },
	},
)
