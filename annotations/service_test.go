package annotations

import "testing"

func TestValidSortKey(t *testing.T) {
	for _, k := range []SortKey{"", SortCreated, SortTitle, SortUpdated, SortStatus} {
		if !ValidSortKey(k) {
			t.Errorf("ValidSortKey(%q) = false", k)
		}
	}
	for _, k := range []SortKey{"size", "Title", " created"} {
		if ValidSortKey(k) {
			t.Errorf("ValidSortKey(%q) = true", k)
		}
	}
}
