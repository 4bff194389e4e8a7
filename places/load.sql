-- Loads places/districts.tsv (comment lines removed, on stdin) through
-- place_load(): infra/migrate runs
--   grep -v '^#' places/districts.tsv | psql -1 -f places/load.sql
CREATE TEMP TABLE place_stage (id int, province text, name_en text,
    name_ur text, aliases text) ON COMMIT DROP;
\copy place_stage FROM pstdin
SELECT place_load() AS districts;
