CREATE TABLE "metric_dirty_ranges" (
	"org_id" uuid NOT NULL,
	"from_ts" timestamp with time zone NOT NULL,
	"to_ts" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_weekly" (
	"org_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"week" date NOT NULL,
	"type" "event_type" NOT NULL,
	"count" integer NOT NULL,
	"answered" integer NOT NULL,
	"median_seconds" double precision,
	"p90_seconds" double precision,
	"mean_approvals" double precision,
	CONSTRAINT "metric_weekly_org_id_team_id_week_type_pk" PRIMARY KEY("org_id","team_id","week","type")
);
--> statement-breakpoint
ALTER TABLE "metric_weekly" ADD CONSTRAINT "metric_weekly_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metric_dirty_ranges_org_idx" ON "metric_dirty_ranges" USING btree ("org_id");