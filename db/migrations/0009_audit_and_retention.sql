CREATE TABLE "audit_events" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"target_user_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text,
	CONSTRAINT "audit_events_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "retain_answers_months" integer DEFAULT 36 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "retain_events_months" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "retain_audit_months" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_org_at_idx" ON "audit_events" USING btree ("org_id","at");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_retention" CHECK ("organizations"."retain_answers_months" between 1 and 240 and "organizations"."retain_events_months" between 1 and 240 and "organizations"."retain_audit_months" between 1 and 240);--> statement-breakpoint
-- The audit log is append-only. UPDATE is always refused; DELETE only when it cascades from
-- deleting the organisation (the row trigger then runs nested, pg_trigger_depth() > 1) or
-- inside the retention job's transaction, which sets son.audit_retention = 'on' (set local).
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND (pg_trigger_depth() > 1 OR current_setting('son.audit_retention', true) = 'on') THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'audit_events is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
