-- Citus refuses ON DELETE SET NULL with a column list (and a plain SET NULL on the composite keys
-- would null org_id too). The four keys become plain keys; erasure clears the columns itself
-- before it deletes the person (app/org/erasure.server.ts).
ALTER TABLE "users" DROP CONSTRAINT "users_manager_fk";--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_manager_fk" FOREIGN KEY ("org_id","manager_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" DROP CONSTRAINT "actions_owner_fk";--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" DROP CONSTRAINT "actions_created_by_fk";--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_created_by_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_updates" DROP CONSTRAINT "action_updates_author_fk";--> statement-breakpoint
ALTER TABLE "action_updates" ADD CONSTRAINT "action_updates_author_fk" FOREIGN KEY ("org_id","author_id") REFERENCES "public"."users"("org_id","id") ON DELETE no action ON UPDATE no action;
