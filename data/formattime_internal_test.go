package data

import (
	"math/rand"
	"testing"
	"time"
)

// TestFormatTimeMatchesLayout checks the hand-written formatter against
// time.Format with timeLayout, on random instants in and around the years
// RFC 3339 can write, in UTC and other zones.
func TestFormatTimeMatchesLayout(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	zones := []*time.Location{time.UTC, time.FixedZone("e", 3*3600+1800), time.FixedZone("w", -11*3600)}
	cases := []time.Time{{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 1, time.UTC)}
	for range 20000 {
		sec := rng.Int63n(400*365*86400) - 10*365*86400
		cases = append(cases, time.Unix(sec, rng.Int63n(1e9)).In(zones[rng.Intn(len(zones))]).AddDate(rng.Intn(3)*3000, 0, 0))
	}
	for _, c := range cases {
		if got, want := formatTime(c), c.UTC().Format(timeLayout); got != want {
			t.Fatalf("formatTime(%v) = %s, want %s", c, got, want)
		}
	}
}
