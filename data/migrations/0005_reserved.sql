-- 0005_reserved: a placeholder on the xarticle branch for the number
-- another branch's migration takes; the merge replaces this file with that
-- migration. It changes nothing.
SELECT 1;
