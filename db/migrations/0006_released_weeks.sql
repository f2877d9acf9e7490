CREATE TABLE "held_responses" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"team_id" uuid,
	"level" "level" NOT NULL,
	"comment" text,
	"answers" jsonb NOT NULL,
	CONSTRAINT "held_responses_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "released_weeks" (
	"org_id" uuid NOT NULL,
	"week" date NOT NULL,
	"released_at" timestamp with time zone DEFAULT now() NOT NULL,
	"k" integer NOT NULL,
	"comment_k" integer NOT NULL,
	"wave_ids" jsonb NOT NULL,
	"cube" jsonb NOT NULL,
	CONSTRAINT "released_weeks_org_id_week_pk" PRIMARY KEY("org_id","week")
);
--> statement-breakpoint
ALTER TABLE "waves" ADD COLUMN "week" date;--> statement-breakpoint
-- Existing waves count in the week they opened in, in the organisation's time zone as it is now; from here on the week is fixed.
UPDATE "waves" w SET "week" = (date_trunc('week', w."opens_at" AT TIME ZONE o."time_zone"))::date FROM "organizations" o WHERE o."id" = w."org_id";--> statement-breakpoint
ALTER TABLE "waves" ALTER COLUMN "week" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "held_responses" ADD CONSTRAINT "held_responses_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "released_weeks" ADD CONSTRAINT "released_weeks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "held_responses_wave_idx" ON "held_responses" USING btree ("org_id","wave_id");--> statement-breakpoint
CREATE INDEX "waves_week_idx" ON "waves" USING btree ("org_id","week");--> statement-breakpoint
ALTER TABLE "responses" DROP COLUMN "submitted_on";