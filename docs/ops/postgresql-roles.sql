-- tenfour on PostgreSQL: two roles, so the server cannot remove what keeps the journal append-only.
--
--   tenfour_owner  owns the database's tables and triggers; runs `tenfour journal migrate`
--                  (at install and at every upgrade). Nothing else logs in as it.
--   tenfour_app    the server (`tenfour serve`) and the CLI's writers (`tenfour user`,
--                  `tenfour centre apply`, `tenfour keys rotate`): reads and appends, nothing more.
--
-- Only a table's owner (or a superuser) may ALTER or DROP it or its triggers, so tenfour_app can
-- neither disable nor drop the triggers that refuse UPDATE, DELETE and TRUNCATE on the journal,
-- its checkpoints and its keys. Run as a superuser with psql, once:
--   psql -v ON_ERROR_STOP=1 -f postgresql-roles.sql  (then set the passwords, see operations.md)
-- then, as tenfour_owner:  TENFOUR_DB=postgresql://tenfour_owner@db/cad tenfour journal migrate
-- then the GRANTs at the end of this file (again after an upgrade that adds tables).

CREATE ROLE tenfour_owner LOGIN;
CREATE ROLE tenfour_app LOGIN;
CREATE DATABASE cad OWNER tenfour_owner;
REVOKE ALL ON DATABASE cad FROM PUBLIC;
GRANT CONNECT ON DATABASE cad TO tenfour_app;
\connect cad
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO tenfour_owner;
GRANT USAGE ON SCHEMA public TO tenfour_app;  -- USAGE only: no CREATE

-- after `tenfour journal migrate` as tenfour_owner:
-- grants --
GRANT SELECT, INSERT ON journal, journal_checkpoint, journal_key TO tenfour_app;
-- the journal's filing by incident, written in each append's transaction (ADR 0018)
GRANT SELECT, INSERT ON journal_filing, journal_citation TO tenfour_app;
-- where each node serves (several nodes: ADR 0016); operational, not part of the record
GRANT SELECT, INSERT, UPDATE ON cluster_node TO tenfour_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON journal_snapshot TO tenfour_app;  -- old snapshots pruned
GRANT SELECT, INSERT, UPDATE, DELETE ON credentials TO tenfour_app;  -- password hashes
GRANT SELECT ON journal_alembic_version TO tenfour_app;  -- the server checks the schema
