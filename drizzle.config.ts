import { defineConfig } from 'drizzle-kit'

// Only `drizzle-kit generate` uses this; migrations are applied by scripts/db-migrate.ts.
export default defineConfig({
	dialect: 'postgresql',
	schema: './db/schema.ts',
	out: './db/migrations',
})
