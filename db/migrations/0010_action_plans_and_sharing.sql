-- A person's erasure keeps the actions they owned, created or updated: only their id column is
-- cleared (PostgreSQL 15's column list), never org_id, which is part of every key.
CREATE TABLE "action_updates" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"action_id" uuid NOT NULL,
	"on" date NOT NULL,
	"note" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_updates_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"dimension" text,
	"theme" text,
	"title" text NOT NULL,
	"owner_id" uuid,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"started_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "actions_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "actions_target" CHECK (("actions"."dimension" is null) <> ("actions"."theme" is null))
);
--> statement-breakpoint
ALTER TABLE "surveys" ADD COLUMN "share_mode" text DEFAULT 'release' NOT NULL;--> statement-breakpoint
ALTER TABLE "surveys" ADD COLUMN "share_delay_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "action_updates" ADD CONSTRAINT "action_updates_action_fk" FOREIGN KEY ("org_id","action_id") REFERENCES "public"."actions"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_updates" ADD CONSTRAINT "action_updates_author_fk" FOREIGN KEY ("org_id","author_id") REFERENCES "public"."users"("org_id","id") ON DELETE set null ("author_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_owner_fk" FOREIGN KEY ("org_id","owner_id") REFERENCES "public"."users"("org_id","id") ON DELETE set null ("owner_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_created_by_fk" FOREIGN KEY ("org_id","created_by") REFERENCES "public"."users"("org_id","id") ON DELETE set null ("created_by") ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_updates_action_idx" ON "action_updates" USING btree ("org_id","action_id");--> statement-breakpoint
CREATE INDEX "actions_team_idx" ON "actions" USING btree ("org_id","team_id");--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_share_delay" CHECK ("surveys"."share_delay_days" between 0 and 90);