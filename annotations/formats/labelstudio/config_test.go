package labelstudio

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/hamesh-app/hamesh/annotations"
	"github.com/hamesh-app/hamesh/annotations/formats/internal/fixture"
)

type xmlNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []xmlNode  `xml:",any"`
}

func (n xmlNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func parseConfig(t *testing.T, cfg string) xmlNode {
	t.Helper()
	var root xmlNode
	if err := xml.Unmarshal([]byte(cfg), &root); err != nil {
		t.Fatalf("config is not XML: %v\n%s", err, cfg)
	}
	return root
}

// TestConfigShowsClaimControlsForClaims checks every claim control sits in
// a View shown only when a region with a claim label is selected
// (visibleWhen="region-selected" whenLabelValue="CLAIM,..."), and the note
// in one shown for every selected region.
func TestConfigShowsClaimControlsForClaims(t *testing.T) {
	scheme := append(fixture.Scheme(), annotations.Label{Name: "QUOTE", Kind: annotations.KindClaim, Color: "#000000"})
	root := parseConfig(t, Config(scheme, fixture.Documents()))
	where := map[string]string{} // control name -> whenLabelValue of its View ("*" for any region)
	var walk func(n xmlNode, when string)
	walk = func(n xmlNode, when string) {
		if n.XMLName.Local == "View" && n.attr("visibleWhen") == "region-selected" {
			when = n.attr("whenLabelValue")
			if when == "" {
				when = "*"
			}
		}
		if name := n.attr("name"); name != "" && (n.XMLName.Local == "Choices" || n.XMLName.Local == "TextArea") {
			where[name] = when
		}
		for _, c := range n.Children {
			walk(c, when)
		}
	}
	walk(root, "")
	for _, k := range []string{"check_worthy", "verdict", "stance", "normalized_claim", "claim_date"} {
		if where[k] != "CLAIM,QUOTE" {
			t.Errorf("%s is shown for %q, want the claim labels CLAIM,QUOTE", k, where[k])
		}
	}
	if where["note"] != "*" {
		t.Errorf("note is shown for %q, want every region", where["note"])
	}
}

// TestConfigHotkeys checks every label of the config has a hotkey, none
// repeated and none Label Studio reserves; the scheme's own keys are kept.
func TestConfigHotkeys(t *testing.T) {
	scheme := append(fixture.Scheme(),
		annotations.Label{Name: "UNDER", Hotkey: "u"}, // reserved: unselects a region
		annotations.Label{Name: "TWIN", Hotkey: "1"},  // PERS has it
		annotations.Label{Name: "شخص"})                // no ASCII letter
	root := parseConfig(t, Config(scheme, fixture.Documents()))
	keys := map[string]string{}
	var walk func(n xmlNode)
	walk = func(n xmlNode) {
		if n.XMLName.Local == "Label" {
			k := n.attr("hotkey")
			if k == "" || ReservedKeys[k] {
				t.Errorf("label %s has hotkey %q", n.attr("value"), k)
			}
			if was, ok := keys[k]; ok {
				t.Errorf("labels %s and %s share hotkey %q", was, n.attr("value"), k)
			}
			keys[k] = n.attr("value")
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
	if len(keys) != len(scheme)+1 { // and CUE, used by the fixture
		t.Errorf("%d labels with hotkeys, want %d: %v", len(keys), len(scheme)+1, keys)
	}
	for _, l := range fixture.Scheme() {
		if l.Hotkey != "" && keys[l.Hotkey] != l.Name {
			t.Errorf("%s lost its hotkey %q", l.Name, l.Hotkey)
		}
	}
	if keys["w"] != "WEBSITE" || keys["m"] != "MONEY" {
		t.Errorf("hotkeys = %v, want WEBSITE on w and MONEY on m (the first free letter of the name)", keys)
	}
}

// TestConfigStyleTargetsTheFrontends checks the config's Style targets the
// element Label Studio 1.x and the current frontend put the text in
// (lsf-richtext__container) and its line spans, not only the pre-1.0
// htx-text; TestFrontend and TestCurrentFrontendLayout check the layout
// in Chromium.
func TestConfigStyleTargetsTheFrontends(t *testing.T) {
	root := parseConfig(t, Config(fixture.Scheme(), fixture.Documents()))
	var style string
	for _, c := range root.Children {
		if c.XMLName.Local == "Style" {
			style = c.Text
		}
	}
	for _, sel := range []string{".lsf-richtext__container", ".lsf-richtext__line", ".lsf-htx-richtext", "unicode-bidi: plaintext"} {
		if !strings.Contains(style, sel) {
			t.Errorf("style %q lacks %s", style, sel)
		}
	}
}
