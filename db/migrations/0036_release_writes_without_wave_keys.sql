-- A release writes a week's responses and answered rows again, 65,000 and more at 100,000 people,
-- and each row's key to its wave was checked one by one (0.6 s of a 2.5 s release). Both are
-- written only by statements that hold the wave (a release, a submission) and are deleted
-- explicitly with their waves: retention and the demo's clean-up
-- (docs/decisions/0038-release-rows-keep-no-key-to-their-wave.md).
ALTER TABLE "responses" DROP CONSTRAINT IF EXISTS "responses_wave_fk";
--> statement-breakpoint
ALTER TABLE "answered_invitations" DROP CONSTRAINT IF EXISTS "answered_invitations_wave_fk";
