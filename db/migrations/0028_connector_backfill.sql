CREATE TABLE "connector_backfills" (
	"org_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"state" text DEFAULT 'running' NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"api_url" text NOT NULL,
	"credentials_encrypted" text NOT NULL,
	"cursor" jsonb,
	"pages" integer DEFAULT 0 NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_id" uuid,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "connector_backfills_org_id_connector_id_pk" PRIMARY KEY("org_id","connector_id"),
	CONSTRAINT "connector_backfills_state_known" CHECK ("connector_backfills"."state" in ('running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "connector_backfills" ADD CONSTRAINT "connector_backfills_connector_fk" FOREIGN KEY ("org_id","connector_id") REFERENCES "public"."connectors"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "connector_backfills_due_idx" ON "connector_backfills" USING btree ("next_attempt_at") WHERE "state" = 'running';
