package contacts

import (
	"errors"
	"testing"

	"kith/generator/content"
)

func TestJobChangeDetection(t *testing.T) {
	tests := []struct {
		name            string
		oldOrg, oldRole string
		newOrg, newRole string
		want            string // JobChange.String, or "" for no change
		log             string
	}{
		{"org changed", "Lumen Health", "Head of Product", "Mercy General", "CMIO", "Dana, Lumen Health → Mercy General",
			"Changed jobs: Head of Product at Lumen Health → CMIO at Mercy General. #job"},
		{"role only", "Lumen Health", "Head of Product", "Lumen Health", "VP Product", "Dana, Head of Product → VP Product",
			"Changed jobs: Head of Product at Lumen Health → VP Product at Lumen Health. #job"},
		{"case and accents are no change", "Société Générale", "cto", "societe generale", "CTO", "", ""},
		{"the note has no org: only filled", "", "", "Mercy General", "CMIO", "", ""},
		{"the export has no org", "Lumen Health", "Head of Product", "", "", "", ""},
		{"org changed, no role in the export", "Lumen Health", "Head of Product", "Mercy General", "", "Dana, Lumen Health → Mercy General",
			"Changed jobs: Head of Product at Lumen Health → Head of Product at Mercy General. #job"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := jobChange("Dana", tt.oldOrg, tt.oldRole, &Contact{Org: tt.newOrg, Role: tt.newRole})
			got, log := "", ""
			if j != nil {
				got, log = j.String(), j.LogText()
			}
			if got != tt.want || log != tt.log {
				t.Errorf("got %q, %q; want %q, %q", got, log, tt.want, tt.log)
			}
		})
	}
}

func TestChangeJob(t *testing.T) {
	day, _ := content.ParseDate("2026-11-23")
	j := JobChange{Name: "Dana", OldOrg: "Lumen Health", OldRole: "Head of Product", NewOrg: "Mercy General", NewRole: "CMIO", orgDiff: true, roleDif: true}
	line := "- 2026-11-23 Changed jobs: Head of Product at Lumen Health → CMIO at Mercy General. #job\n"
	tests := []struct {
		name, src, want string
		editable        bool
	}{
		{"plain", "---\nname: Dana\norg: Lumen Health\nrole: Head of Product\n---\nbody\n",
			"---\nname: Dana\norg: Mercy General\nrole: CMIO\n---\nbody\n" + line, true},
		{"quoted, commented, no final newline", "\ufeff---\norg: \"Lumen \\\"LH\\\" Health\"  # x\nrole: 'Head of ''Product'''\n---\nbody",
			"\ufeff---\norg: Mercy General  # x\nrole: CMIO\n---\nbody\n" + line, true},
		{"other keys", "---\ncompany: Lumen Health\ntitle: Head of Product\n---\n",
			"---\ncompany: Mercy General\ntitle: CMIO\n---\n" + line, true},
		{"accents before the value", "---\nnäme: Zoë\norg:   Lumen Health\nrole: Head of Product\n---\n",
			"---\nnäme: Zoë\norg:   Mercy General\nrole: CMIO\n---\n" + line, true},
		{"a value over two lines", "---\norg: Lumen\n  Health\nrole: Head of Product\n---\n", "", false},
		{"a block scalar", "---\norg: |\n  Lumen Health\n---\n", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := changeJob([]byte(tt.src), j, day)
			var ne errNotEditable
			if !tt.editable {
				if !errors.As(err, &ne) {
					t.Fatalf("got %q, %v; want errNotEditable", got, err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("got %q, %v\nwant %q", got, err, tt.want)
			}
		})
	}
}
