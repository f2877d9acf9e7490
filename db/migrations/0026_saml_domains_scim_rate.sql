-- SAML 2.0 beside OpenID Connect: an organisation's provider speaks one of them. For SAML the
-- issuer is the identity provider's entity id; its sign-in address and signing certificates
-- (PEM, public) are kept; the OIDC client columns stay empty.
ALTER TABLE "sso_configs" ADD COLUMN "protocol" text DEFAULT 'oidc' NOT NULL;
--> statement-breakpoint
ALTER TABLE "sso_configs" ALTER COLUMN "client_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "sso_configs" ALTER COLUMN "client_secret_encrypted" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "sso_configs" ADD COLUMN "saml_sso_url" text;
--> statement-breakpoint
ALTER TABLE "sso_configs" ADD COLUMN "saml_certs" text;
--> statement-breakpoint
ALTER TABLE "sso_configs" ADD CONSTRAINT "sso_configs_protocol_fields" CHECK (("sso_configs"."protocol" = 'oidc' and "sso_configs"."client_id" is not null and "sso_configs"."client_secret_encrypted" is not null) or ("sso_configs"."protocol" = 'saml' and "sso_configs"."saml_sso_url" is not null and "sso_configs"."saml_certs" is not null));
--> statement-breakpoint
CREATE TABLE "saml_requests" (
	"org_id" uuid NOT NULL,
	"request_id" text NOT NULL,
	"browser_hash" text NOT NULL,
	"redirect_to" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "saml_requests_org_id_request_id_pk" PRIMARY KEY("org_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "saml_requests" ADD CONSTRAINT "saml_requests_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE TABLE "saml_assertions_used" (
	"org_id" uuid NOT NULL,
	"assertion_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "saml_assertions_used_org_id_assertion_id_pk" PRIMARY KEY("org_id","assertion_id")
);
--> statement-breakpoint
ALTER TABLE "saml_assertions_used" ADD CONSTRAINT "saml_assertions_used_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Domains are proven by a DNS TXT record before they lead anywhere. Until then several
-- organisations may claim the same domain; the first to prove it holds it.
ALTER TABLE "sso_domains" DROP CONSTRAINT "sso_domains_pkey";
--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "verification_token" text;
--> statement-breakpoint
UPDATE "sso_domains" SET "verification_token" = replace(gen_random_uuid()::text, '-', '') WHERE "verification_token" IS NULL;
--> statement-breakpoint
ALTER TABLE "sso_domains" ALTER COLUMN "verification_token" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "sso_domains" ADD COLUMN "verified_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "sso_domains" ADD CONSTRAINT "sso_domains_org_id_domain_pk" PRIMARY KEY("org_id","domain");
--> statement-breakpoint
CREATE UNIQUE INDEX "sso_domains_verified_domain" ON "sso_domains" USING btree ("domain") WHERE "sso_domains"."verified_at" is not null;
--> statement-breakpoint
CREATE TABLE "scim_token_rate_windows" (
	"org_id" uuid NOT NULL,
	"token_id" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"calls" integer NOT NULL,
	CONSTRAINT "scim_token_rate_windows_org_id_token_id_pk" PRIMARY KEY("org_id","token_id")
);
--> statement-breakpoint
ALTER TABLE "scim_token_rate_windows" ADD CONSTRAINT "scim_token_rate_windows_token_fk" FOREIGN KEY ("org_id","token_id") REFERENCES "public"."scim_tokens"("org_id","id") ON DELETE cascade ON UPDATE no action;
