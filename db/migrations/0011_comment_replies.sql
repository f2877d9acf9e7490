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
ALTER TABLE "held_responses" ADD COLUMN "reply_key_hash" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "reply_key_hash" text;--> statement-breakpoint
ALTER TABLE "comment_replies" ADD CONSTRAINT "comment_replies_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hidden_comments" ADD CONSTRAINT "hidden_comments_response_fk" FOREIGN KEY ("org_id","response_id") REFERENCES "public"."responses"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "responses_reply_key_idx" ON "responses" USING btree ("reply_key_hash") WHERE reply_key_hash is not null;