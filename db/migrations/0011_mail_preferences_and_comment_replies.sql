CREATE TABLE "comment_replies" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"response_id" uuid NOT NULL,
	"from_author" boolean NOT NULL,
	"leader_id" uuid,
	"body" text NOT NULL,
	"written_on" date NOT NULL,
	"seq" integer NOT NULL,
	"settled" boolean DEFAULT false NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	CONSTRAINT "comment_replies_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "comment_replies_seq_key" UNIQUE("org_id","response_id","seq"),
	CONSTRAINT "comment_replies_author_check" CHECK (from_author = (leader_id is null))
);
--> statement-breakpoint
CREATE TABLE "hidden_comments" (
	"org_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"hidden_by" uuid,
	"hidden_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hidden_comments_org_id_response_id_pk" PRIMARY KEY("org_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "mail_opt_outs" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_opt_outs_org_id_user_id_category_pk" PRIMARY KEY("org_id","user_id","category")
);
--> statement-breakpoint
CREATE TABLE "mail_unsubscribe_tokens" (
	"org_id" uuid NOT NULL,
	"id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"category" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_unsubscribe_tokens_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "held_responses" ADD COLUMN "reply_key_hash" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "reply_key_hash" text;--> statement-breakpoint
ALTER TABLE "comment_replies" ADD CONSTRAINT "comment_replies_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hidden_comments" ADD CONSTRAINT "hidden_comments_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_opt_outs" ADD CONSTRAINT "mail_opt_outs_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_unsubscribe_tokens" ADD CONSTRAINT "mail_unsubscribe_tokens_user_fk" FOREIGN KEY ("org_id","user_id") REFERENCES "public"."users"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_unsubscribe_tokens_id_idx" ON "mail_unsubscribe_tokens" USING btree ("id");--> statement-breakpoint
CREATE INDEX "responses_reply_key_idx" ON "responses" USING btree ("reply_key_hash") WHERE reply_key_hash is not null;