-- A manager's erasure must clear their reports' manager_id only: a plain SET NULL on the
-- composite key (org_id, manager_id) would null org_id too and fail the delete.
ALTER TABLE "users" DROP CONSTRAINT "users_manager_fk";--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_manager_fk" FOREIGN KEY ("org_id","manager_id") REFERENCES "public"."users"("org_id","id") ON DELETE set null ("manager_id") ON UPDATE no action;
