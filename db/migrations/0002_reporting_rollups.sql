CREATE TABLE "participation_rollups" (
	"org_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"level" "level" NOT NULL,
	"invited" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "participation_rollups_org_id_wave_id_team_id_level_pk" PRIMARY KEY("org_id","wave_id","team_id","level")
);
--> statement-breakpoint
CREATE TABLE "report_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"baseline_from" date,
	"baseline_to" date,
	"comment_k" integer DEFAULT 10 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_rollups" (
	"org_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"level" "level" NOT NULL,
	"dimension" text NOT NULL,
	"respondents" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	"score_sumsq" double precision DEFAULT 0 NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	"favourable" integer DEFAULT 0 NOT NULL,
	"detractors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "response_rollups_org_id_wave_id_team_id_level_dimension_pk" PRIMARY KEY("org_id","wave_id","team_id","level","dimension")
);
--> statement-breakpoint
ALTER TABLE "participation_rollups" ADD CONSTRAINT "participation_rollups_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_settings" ADD CONSTRAINT "report_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_rollups" ADD CONSTRAINT "response_rollups_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;