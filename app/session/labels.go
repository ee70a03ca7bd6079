package session

import (
	"strings"

	"github.com/hamesh-app/hamesh/annotations"
)

// Labels returns the label scheme in display order. Callers must not
// modify it.
func (s *Session) Labels() []annotations.Label { return s.labels }

// Label returns the label named name, or nil.
func (s *Session) Label(name string) *annotations.Label {
	for i := range s.labels {
		if s.labels[i].Name == name {
			return &s.labels[i]
		}
	}
	return nil
}

// LabelForKey returns the label whose hotkey is r (case-insensitive), or
// nil.
func (s *Session) LabelForKey(r rune) *annotations.Label {
	k := strings.ToLower(string(r))
	for i := range s.labels {
		if s.labels[i].Hotkey != "" && strings.ToLower(s.labels[i].Hotkey) == k {
			return &s.labels[i]
		}
	}
	return nil
}

// CurrentLabel returns the name of the current label (the last applied or
// picked), "" if none.
func (s *Session) CurrentLabel() string { return s.current }

// loadLabels re-reads the scheme; a current label that went is dropped.
func (s *Session) loadLabels() error {
	labels, err := s.store.Labels(s.ctx)
	if err != nil {
		return err
	}
	s.labels = labels
	if s.Label(s.current) == nil {
		s.current = ""
	}
	return nil
}

// ReloadLabels re-reads the scheme (an import or another window may have
// added labels) and the open article.
func (s *Session) ReloadLabels() error {
	if err := s.loadLabels(); err != nil {
		return err
	}
	e := s.reload()
	e.Changed |= ChangedLabels | ChangedCurrentLabel
	s.emit(e)
	return nil
}

// SaveLabel validates a label edited in the scheme editor against the rest
// of the scheme and stores it (renaming oldName when it differs, which
// relabels its spans), then reloads the scheme.
func (s *Session) SaveLabel(oldName string, l annotations.Label) error {
	l.Name = strings.TrimSpace(l.Name)
	l.Hotkey = strings.TrimSpace(l.Hotkey)
	l.Color = strings.TrimSpace(l.Color)
	if err := ValidateLabel(s.labels, oldName, l); err != nil {
		return err
	}
	if err := s.store.SaveLabel(s.ctx, oldName, l); err != nil {
		return err
	}
	if s.current == oldName {
		s.current = l.Name
	}
	if err := s.ReloadLabels(); err != nil {
		return err
	}
	s.recordVersion()
	s.status(0, "label %s saved", l.Name)
	return nil
}

// ValidateLabel checks a label against the rest of the scheme: a name with
// no spaces, a known kind, a #rrggbb colour, a single-character hotkey that
// no other label uses and that review and curation do not take
// (ReservedKey).
func ValidateLabel(scheme []annotations.Label, oldName string, l annotations.Label) error {
	if l.Name == "" || strings.ContainsAny(l.Name, " \t\n") {
		return annotations.Errorf(annotations.EINVALID, "label name %q: give a name without spaces", l.Name)
	}
	if !l.Kind.Valid() {
		return annotations.Errorf(annotations.EINVALID, "label %s: kind %q is not entity or claim", l.Name, l.Kind)
	}
	if !ValidColor(l.Color) {
		return annotations.Errorf(annotations.EINVALID, "label %s: colour %q is not #rrggbb", l.Name, l.Color)
	}
	if len([]rune(l.Hotkey)) > 1 {
		return annotations.Errorf(annotations.EINVALID, "label %s: hotkey %q must be one key", l.Name, l.Hotkey)
	}
	if r := []rune(l.Hotkey); len(r) == 1 {
		if why := ReservedKey(r[0]); why != "" {
			return annotations.Errorf(annotations.EINVALID, "label %s: hotkey %q is reserved for review: %s; pick another key", l.Name, l.Hotkey, why)
		}
	}
	for _, o := range scheme {
		if o.Name == oldName {
			continue
		}
		if o.Name == l.Name {
			return annotations.Errorf(annotations.EINVALID, "label %s already exists", l.Name)
		}
		if l.Hotkey != "" && strings.EqualFold(o.Hotkey, l.Hotkey) {
			return annotations.Errorf(annotations.EINVALID, "hotkey %q is already used by %s", l.Hotkey, o.Name)
		}
	}
	return nil
}

// ValidColor reports whether c is a colour of the form #rrggbb.
func ValidColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// Imported re-reads what an import of the session's own may have changed
// (labels it added to the scheme, the open article's merged spans) and
// records the store's data version, so the import is not taken for a
// change made elsewhere.
func (s *Session) Imported() error {
	err := s.ReloadLabels()
	s.recordVersion()
	return err
}
