package session

import (
	"sync"

	"github.com/hamesh-app/hamesh/annotations"
)

// matcherCache keeps the Matcher of the last text searched, so typing in the
// find bar does not re-index the article on every key.
var matcherCache struct {
	sync.Mutex
	text string
	m    *annotations.Matcher
}

// FindMatches returns the whole-word occurrences of query in text, matched
// on Arabic-folded copies (annotations.Find: harakat, tatweel, alef forms,
// proclitics such as و in وويكيليكس).
func FindMatches(text, query string) []annotations.Range {
	matcherCache.Lock()
	defer matcherCache.Unlock()
	if matcherCache.m == nil || matcherCache.text != text {
		matcherCache.text, matcherCache.m = text, annotations.NewMatcher(text)
	}
	return matcherCache.m.Find(query)
}
