-- Sorting the library by title reads a page of rows in index order
-- instead of sorting every article.
CREATE INDEX articles_title ON articles (title_fold, title, id);
