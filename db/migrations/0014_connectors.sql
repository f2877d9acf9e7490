CREATE TABLE "connectors" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"secret_encrypted" text NOT NULL,
	"previous_secret_encrypted" text,
	"previous_valid_until" timestamp with time zone,
	"include_bots" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"secret_set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_delivery_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	CONSTRAINT "connectors_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "connectors_provider_known" CHECK ("connectors"."provider" in ('zendesk', 'intercom', 'freshdesk', 'github', 'jira'))
);
--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "connector_team_maps" (
	"org_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"source" text NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "connector_team_maps_org_id_connector_id_source_pk" PRIMARY KEY("org_id","connector_id","source")
);
--> statement-breakpoint
ALTER TABLE "connector_team_maps" ADD CONSTRAINT "connector_team_maps_connector_fk" FOREIGN KEY ("org_id","connector_id") REFERENCES "public"."connectors"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "connector_team_maps" ADD CONSTRAINT "connector_team_maps_team_fk" FOREIGN KEY ("org_id","team_id") REFERENCES "public"."teams"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "connector_deliveries" (
	"org_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"digest" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_deliveries_org_id_connector_id_digest_pk" PRIMARY KEY("org_id","connector_id","digest")
);
--> statement-breakpoint
ALTER TABLE "connector_deliveries" ADD CONSTRAINT "connector_deliveries_connector_fk" FOREIGN KEY ("org_id","connector_id") REFERENCES "public"."connectors"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "connector_deliveries_received_idx" ON "connector_deliveries" USING btree ("received_at");
--> statement-breakpoint
CREATE TABLE "connector_daily" (
	"org_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"day" date NOT NULL,
	"stored" integer DEFAULT 0 NOT NULL,
	"unmapped" integer DEFAULT 0 NOT NULL,
	"ignored" integer DEFAULT 0 NOT NULL,
	"replays" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "connector_daily_org_id_connector_id_day_pk" PRIMARY KEY("org_id","connector_id","day")
);
--> statement-breakpoint
ALTER TABLE "connector_daily" ADD CONSTRAINT "connector_daily_connector_fk" FOREIGN KEY ("org_id","connector_id") REFERENCES "public"."connectors"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "connector_unmapped_events" (
	"org_id" uuid NOT NULL,
	"connector_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"source" text NOT NULL,
	"type" "event_type" NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"channel" text,
	"approvals" integer,
	"outcome" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connector_unmapped_events_org_id_connector_id_external_id_pk" PRIMARY KEY("org_id","connector_id","external_id")
);
--> statement-breakpoint
ALTER TABLE "connector_unmapped_events" ADD CONSTRAINT "connector_unmapped_events_connector_fk" FOREIGN KEY ("org_id","connector_id") REFERENCES "public"."connectors"("org_id","id") ON DELETE cascade ON UPDATE no action;
