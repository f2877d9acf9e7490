CREATE TABLE "api_key_rate_windows" (
	"org_id" uuid NOT NULL,
	"key_id" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"calls" integer NOT NULL,
	CONSTRAINT "api_key_rate_windows_org_id_key_id_pk" PRIMARY KEY("org_id","key_id")
);
--> statement-breakpoint
-- Keys made before scopes existed could do everything; they keep all three scopes so no
-- integration breaks. The default serves only to fill them in: new keys must name their scopes.
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[] DEFAULT ARRAY['events:write', 'metrics:read', 'reports:read']::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "scopes" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_key_rate_windows" ADD CONSTRAINT "api_key_rate_windows_key_fk" FOREIGN KEY ("org_id","key_id") REFERENCES "public"."api_keys"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scopes_known" CHECK (cardinality("api_keys"."scopes") > 0 and "api_keys"."scopes" <@ array['events:write', 'metrics:read', 'reports:read']::text[]);