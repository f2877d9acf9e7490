-- Whether an invitation was answered moves out of the invitation into a row of its own, written by
-- the submission (its key makes the claim once only). A submission then never writes an
-- invitation, so a release no longer has to write a week's invitations again to hide when each was
-- answered: it writes only the answered rows again (docs/decisions/0032-answered-in-its-own-rows.md).
CREATE TABLE "answered_invitations" (
	"org_id" uuid NOT NULL,
	"wave_id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	CONSTRAINT "answered_invitations_org_id_wave_id_invitation_id_pk" PRIMARY KEY("org_id","wave_id","invitation_id")
);
--> statement-breakpoint
ALTER TABLE "answered_invitations" ADD CONSTRAINT "answered_invitations_wave_fk" FOREIGN KEY ("org_id","wave_id") REFERENCES "public"."waves"("org_id","id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
INSERT INTO "answered_invitations" ("org_id", "wave_id", "invitation_id")
SELECT "org_id", "wave_id", "id" FROM "invitations" WHERE "answered" ORDER BY "org_id", "wave_id", "id";
--> statement-breakpoint
ALTER TABLE "invitations" DROP COLUMN "answered";
