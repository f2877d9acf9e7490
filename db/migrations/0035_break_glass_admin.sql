-- With passwords off, one named admin keeps a password (break-glass), not every admin
-- (docs/decisions/0037-one-break-glass-admin.md). An organisation that has passwords off already
-- gets its longest-standing active admin; the identity page shows who and lets an admin change it.
ALTER TABLE "sso_configs" ADD COLUMN "break_glass_user_id" uuid;
--> statement-breakpoint
ALTER TABLE "sso_configs" ADD CONSTRAINT "sso_configs_break_glass_fk" FOREIGN KEY ("org_id","break_glass_user_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
UPDATE "sso_configs" c SET "break_glass_user_id" = a."id"
FROM (
	SELECT DISTINCT ON ("org_id") "org_id", "id" FROM "users"
	WHERE "role" = 'admin' AND "active"
	ORDER BY "org_id", "created_at", "id"
) a
WHERE c."org_id" = a."org_id" AND c."sso_only";
