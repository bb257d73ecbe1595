-- A posted job's units are counted by the post itself (PostJob writes the job's first job_unit_counts rows in the
-- same transaction as the COPY of its units), not by an insert trigger: a statement trigger with a transition table
-- keeps a copy of every inserted row to count it, which made posting a 1,000,000-record CSV job 20–40 % slower
-- (docs/benchmarks.md, section 2). Posting is the only way units are inserted; the update and delete triggers stay,
-- and every API test still compares the counters with a real count afterwards (JobUnitCountsCheck).
DROP TRIGGER work_units_count_inserted ON work_units;
DROP FUNCTION work_units_count_inserted();
