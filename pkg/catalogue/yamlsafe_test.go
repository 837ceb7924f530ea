package catalogue

import (
	"strings"
	"testing"
)

// hostileCatalogues are YAML a catalogue must not use (issue 16): each is
// an error at its file:line:col, as in configs; they seed FuzzParseFile too.
var hostileCatalogues = []struct {
	name, in, want string // want: "line:col: message prefix"
}{
	{"binary tag", "apiVersion: aims/v1\nkind: Catalogue\ntitle: !!binary aGk=\n", "3:8: YAML tag !!binary"},
	{"python tag", "apiVersion: aims/v1\nkind: Catalogue\nid: !!python/object:os.system x\n", "3:5: YAML tag !!python/object:os.system"},
	{"custom tag", "apiVersion: aims/v1\nkind: Catalogue\nid: !include x.yaml\n", "3:5: YAML tag !include"},
	{"tag directive", "%TAG !e! tag:evil.example,2000:\n---\napiVersion: aims/v1\nkind: Catalogue\nid: !e!x y\n", "1:1: %TAG directive"},
	{"alias bomb", "apiVersion: aims/v1\nkind: Catalogue\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
		"8:8: alias *e expands the document past 200000 nodes"},
}

func TestCatalogueRefusesYAMLTags(t *testing.T) {
	for _, tt := range hostileCatalogues {
		t.Run(tt.name, func(t *testing.T) {
			p, ps := parseFile(sourceFile{name: "c.yaml", data: []byte(tt.in)})
			if p != nil {
				t.Errorf("parsed, want a refusal")
			}
			var got []string
			for _, pr := range ps {
				got = append(got, pr.String())
			}
			if len(ps) == 0 || !strings.HasPrefix(got[0], "c.yaml:"+tt.want) {
				t.Errorf("problems %q, want the first at c.yaml:%s", got, tt.want)
			}
		})
	}
}
