package session

import (
	"context"
	"fmt"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/agreement"
)

// Agreement measures how far the annotators agree over the articles f
// selects (package agreement, the figures `hamesh agreement` prints), as a
// background job with progress and cancel: it reads every document through
// the store off the UI goroutine, then calls done on the UI goroutine with
// the report, or the error (context.Canceled when cancelled). It reports
// whether the job started (only one runs at a time).
func (s *Session) Agreement(f annotations.ArticleFilter, opts agreement.Options, done func(*agreement.Report, error)) bool {
	c, err := agreement.New(opts)
	if err != nil {
		done(nil, err)
		return false
	}
	var report *agreement.Report
	return s.RunJob("Measuring agreement", func(ctx context.Context, progress func(done, total int)) (string, error) {
		total := 0
		if page, err := s.store.ArticlePage(ctx, annotations.ArticleFilter{IDs: f.IDs, Status: f.Status, Limit: 1}); err == nil {
			total = page.Total
		}
		n := 0
		err := s.store.ExportDocuments(ctx, f, func(d *annotations.Document) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			n++
			if n%50 == 0 {
				progress(n, total)
			}
			return c.Add(d)
		})
		if err != nil {
			return "", err
		}
		if n == 0 {
			return "", annotations.Errorf(annotations.EINVALID, "no articles to compare")
		}
		if report, err = c.Report(); err != nil {
			return "", err
		}
		return fmt.Sprintf("agreement of %d annotators over %d articles", len(report.Annotators), report.Articles), nil
	}, func(_ string, err error) {
		if err != nil {
			done(nil, err)
			return
		}
		done(report, nil)
	})
}
