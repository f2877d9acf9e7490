ALTER TABLE "connectors" ADD COLUMN "disabled_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "connector_deliveries" ADD COLUMN "summary" text;
