CREATE TYPE "public"."answer_kind" AS ENUM('likert', 'scale10', 'count', 'hours', 'text');--> statement-breakpoint
CREATE TYPE "public"."dimension" AS ENUM('autonomy', 'approval', 'speed', 'voice', 'collaboration', 'safety', 'closeness', 'enps', 'comment');--> statement-breakpoint
CREATE TYPE "public"."event_type" AS ENUM('customer_response', 'approval');--> statement-breakpoint
CREATE TABLE "answers" (
	"org_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"wave_id" uuid NOT NULL,
	"value" double precision,
	"text" text,
	CONSTRAINT "answers_org_id_response_id_position_pk" PRIMARY KEY("org_id","response_id","position")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"org_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "invitation_tokens" (
	"org_id" uuid NOT NULL,
	"id" text NOT NULL,
	"invitation_id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitation_tokens_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"team_id" uuid,
	"level" "level" NOT NULL,
	"answered" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "invitations_one_per_person" UNIQUE("org_id","wave_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"key" text,
	"dimension" "dimension" NOT NULL,
	"kind" "answer_kind" NOT NULL,
	"text" text NOT NULL,
	"reverse" boolean DEFAULT false NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "items_org_key" UNIQUE("org_id","key")
);
--> statement-breakpoint
CREATE TABLE "metric_events" (
	"org_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"type" "event_type" NOT NULL,
	"team_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"channel" text,
	"approvals" integer,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metric_events_org_id_external_id_pk" PRIMARY KEY("org_id","external_id"),
	CONSTRAINT "metric_events_order" CHECK ("metric_events"."ended_at" is null or "metric_events"."ended_at" >= "metric_events"."started_at"),
	CONSTRAINT "metric_events_approvals" CHECK ("metric_events"."approvals" is null or "metric_events"."approvals" >= 1)
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"wave_id" uuid NOT NULL,
	"team_id" uuid,
	"level" "level" NOT NULL,
	"submitted_on" date NOT NULL,
	"comment" text,
	CONSTRAINT "responses_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "survey_audience" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "survey_audience_org_id_survey_id_team_id_pk" PRIMARY KEY("org_id","survey_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "survey_items" (
	"org_id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	CONSTRAINT "survey_items_org_id_survey_id_item_id_pk" PRIMARY KEY("org_id","survey_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"cadence" text DEFAULT 'weekly' NOT NULL,
	"weekday" integer DEFAULT 1 NOT NULL,
	"send_minute" integer DEFAULT 540 NOT NULL,
	"open_days" integer DEFAULT 3 NOT NULL,
	"reminder_days_before_close" integer DEFAULT 1 NOT NULL,
	"anonymity_k" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "surveys_k_min" CHECK ("surveys"."anonymity_k" >= 3),
	CONSTRAINT "surveys_weekday" CHECK ("surveys"."weekday" between 1 and 7),
	CONSTRAINT "surveys_send_minute" CHECK ("surveys"."send_minute" between 0 and 1439),
	CONSTRAINT "surveys_open_days" CHECK ("surveys"."open_days" between 1 and 28),
	CONSTRAINT "surveys_reminder" CHECK ("surveys"."reminder_days_before_close" >= 0 and "surveys"."reminder_days_before_close" < "surveys"."open_days")
);
--> statement-breakpoint
CREATE TABLE "wave_items" (
	"org_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"dimension" "dimension" NOT NULL,
	"kind" "answer_kind" NOT NULL,
	"text" text NOT NULL,
	"reverse" boolean NOT NULL,
	"required" boolean NOT NULL,
	CONSTRAINT "wave_items_org_id_wave_id_position_pk" PRIMARY KEY("org_id","wave_id","position")
);
--> statement-breakpoint
CREATE TABLE "waves" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"period_start" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"reminder_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"anonymity_k" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waves_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "waves_one_per_period" UNIQUE("org_id","survey_id","period_start")
);
--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answers" ADD CONSTRAINT "answers_wave_item_fk" FOREIGN KEY ("org_id","wave_id","position") REFERENCES "public"."wave_items"("org_id","wave_id","position") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_tokens" ADD CONSTRAINT "invitation_tokens_invitation_fk" FOREIGN KEY ("org_id","invitation_id") REFERENCES "public"."invitations"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_events" ADD CONSTRAINT "metric_events_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_audience" ADD CONSTRAINT "survey_audience_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_audience" ADD CONSTRAINT "survey_audience_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_items" ADD CONSTRAINT "survey_items_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_items" ADD CONSTRAINT "survey_items_item_fk" FOREIGN KEY ("org_id","item_id") REFERENCES "public"."items"("org_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wave_items" ADD CONSTRAINT "wave_items_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waves" ADD CONSTRAINT "waves_survey_fk" FOREIGN KEY ("org_id","survey_id") REFERENCES "public"."surveys"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_id_idx" ON "api_keys" USING btree ("id");--> statement-breakpoint
CREATE INDEX "invitation_tokens_id_idx" ON "invitation_tokens" USING btree ("id");--> statement-breakpoint
CREATE INDEX "invitations_user_idx" ON "invitations" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "metric_events_team_time_idx" ON "metric_events" USING btree ("org_id","team_id","started_at");--> statement-breakpoint
CREATE INDEX "responses_wave_idx" ON "responses" USING btree ("org_id","wave_id");--> statement-breakpoint
CREATE INDEX "waves_due_idx" ON "waves" USING btree ("closed_at","closes_at");