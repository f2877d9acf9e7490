-- Answers are written only by a week's release, from held answers checked against the wave's items;
-- they still go with their response (answers_response_fk) and so with their wave. The second key, to
-- wave_items, cost a lookup per answer in every release (1.4 s of a 20,000-person week) and guarded nothing more.
ALTER TABLE "answers" DROP CONSTRAINT "answers_wave_item_fk";
--> statement-breakpoint
-- The analyses of released weeks (permutation tests of the correlations, drivers), computed once by the
-- release job and read by the reports, keyed by the organisation and a digest of exactly what they were computed from.
CREATE TABLE "report_analyses" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"input_key" text NOT NULL,
	"week" date NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" json NOT NULL,
	CONSTRAINT "report_analyses_org_id_kind_input_key_pk" PRIMARY KEY("org_id","kind","input_key"),
	CONSTRAINT "report_analyses_kind" CHECK ("report_analyses"."kind" in ('correlations', 'drivers'))
);
--> statement-breakpoint
ALTER TABLE "report_analyses" ADD CONSTRAINT "report_analyses_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "report_analyses_week_idx" ON "report_analyses" USING btree ("org_id","week");
--> statement-breakpoint
-- Digests are queued in batches, one transaction each: the run remembers the last person queued and when it finished.
ALTER TABLE "digest_runs" ADD COLUMN "after_user_id" uuid;
--> statement-breakpoint
ALTER TABLE "digest_runs" ADD COLUMN "finished_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "digest_runs" SET "finished_at" = "created_at";
