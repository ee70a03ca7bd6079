-- 0003_reserved: a placeholder. Migration 0003 belongs to another branch
-- being built at the same time; this empty step only keeps the numbers
-- without gaps (loadMigrations requires 1, 2, 3, ...) so that 0004 can
-- exist here. When the branches are merged, the real 0003 replaces this
-- file (delete it; two 0003 files fail loadMigrations loudly).
SELECT 1;
