-- matching (issue 10): when the trainee answered an offer (YES or NO), for
-- the employer's view beside the offer SMS's delivery state.  The table
-- is web's (applications), hence the file's place.
ALTER TABLE applications ADD COLUMN answered_at timestamptz;
