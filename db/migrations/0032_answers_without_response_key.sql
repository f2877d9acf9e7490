-- Answers are written only by a week's release, in the same statement as their responses (ids made
-- there), and deleted only with them: retention and a release that replaces older rows delete a
-- wave's answers first, by their responses. The key to responses cost a check per answer in every
-- release (390,000 checks, about half its time, for a week of 100,000 people) and guarded nothing more.
ALTER TABLE "answers" DROP CONSTRAINT "answers_response_fk";
