ALTER TABLE "organizations" ADD COLUMN "locale" text DEFAULT 'en' NOT NULL;
--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_locale_known" CHECK ("organizations"."locale" in ('en', 'de', 'fr', 'es', 'ja'));
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" text;
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale_known" CHECK ("users"."locale" is null or "users"."locale" in ('en', 'de', 'fr', 'es', 'ja', 'en-XA'));
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "wave_items" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
ALTER TABLE "held_responses" ADD COLUMN "comment_locale" text;
--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "comment_locale" text;
