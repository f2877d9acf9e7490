ALTER TABLE "organizations" ADD COLUMN "default_channel" text DEFAULT 'email' NOT NULL;
--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_default_channel" CHECK ("organizations"."default_channel" in ('email', 'slack'));
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "channel" text;
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_channel_known" CHECK ("users"."channel" is null or "users"."channel" in ('email', 'slack'));
--> statement-breakpoint
CREATE TABLE "chat_installations" (
	"org_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"workspace_id" text NOT NULL,
	"workspace_name" text NOT NULL,
	"bot_token_encrypted" text NOT NULL,
	"installed_by" uuid,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"matched_at" timestamp with time zone,
	CONSTRAINT "chat_installations_org_id_provider_pk" PRIMARY KEY("org_id","provider"),
	CONSTRAINT "chat_installations_provider" CHECK ("chat_installations"."provider" in ('slack'))
);
--> statement-breakpoint
CREATE INDEX "chat_installations_workspace_idx" ON "chat_installations" USING btree ("provider","workspace_id");
--> statement-breakpoint
ALTER TABLE "chat_installations" ADD CONSTRAINT "chat_installations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "chat_identities" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"external_user_id" text NOT NULL,
	CONSTRAINT "chat_identities_org_id_user_id_provider_pk" PRIMARY KEY("org_id","user_id","provider"),
	CONSTRAINT "chat_identities_external" UNIQUE("org_id","provider","external_user_id")
);
--> statement-breakpoint
ALTER TABLE "chat_identities" ADD CONSTRAINT "chat_identities_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "chat_identities" ADD CONSTRAINT "chat_identities_installation_fk" FOREIGN KEY ("org_id","provider") REFERENCES "public"."chat_installations"("org_id","provider") ON DELETE cascade ON UPDATE no action;
