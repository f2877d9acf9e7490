CREATE TABLE "metric_weekly_scopes" (
	"org_id" uuid NOT NULL,
	"scope_id" uuid NOT NULL,
	"week" date NOT NULL,
	"type" "event_type" NOT NULL,
	"answered" integer NOT NULL,
	"median_seconds" double precision,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_weekly_scopes_org_id_scope_id_week_type_pk" PRIMARY KEY("org_id","scope_id","week","type")
);
--> statement-breakpoint
ALTER TABLE "report_settings" ADD COLUMN "rollups_stale_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_settings" ADD COLUMN "rollups_claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_settings" ADD COLUMN "rollups_built_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "metric_events_org_time_idx" ON "metric_events" USING btree ("org_id","started_at");--> statement-breakpoint
CREATE INDEX "responses_comment_idx" ON "responses" USING btree ("org_id","wave_id") WHERE comment is not null;