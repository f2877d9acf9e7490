ALTER TABLE "organizations" DROP CONSTRAINT "organizations_default_channel";
--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_default_channel" CHECK ("organizations"."default_channel" in ('email', 'slack', 'teams'));
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_channel_known";
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_channel_known" CHECK ("users"."channel" is null or "users"."channel" in ('email', 'slack', 'teams'));
--> statement-breakpoint
ALTER TABLE "chat_installations" DROP CONSTRAINT "chat_installations_provider";
--> statement-breakpoint
ALTER TABLE "chat_installations" ADD CONSTRAINT "chat_installations_provider" CHECK ("chat_installations"."provider" in ('slack', 'teams'));
--> statement-breakpoint
ALTER TABLE "chat_installations" ADD COLUMN "app_id" text;
--> statement-breakpoint
ALTER TABLE "chat_installations" ADD COLUMN "service_url" text;
--> statement-breakpoint
ALTER TABLE "chat_installations" ADD COLUMN "refresh_token_encrypted" text;
--> statement-breakpoint
ALTER TABLE "chat_installations" ADD COLUMN "token_expires_at" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "chat_installations_app_idx" ON "chat_installations" USING btree ("provider","app_id");
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "channel" text;
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD CONSTRAINT "mail_outbox_channel_known" CHECK ("mail_outbox"."channel" is null or "mail_outbox"."channel" in ('email', 'slack', 'teams'));
