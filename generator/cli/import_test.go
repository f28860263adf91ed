package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is the path of one of the importer's test exports.
func fixture(name string) string {
	return filepath.Join("..", "contacts", "testdata", name)
}

func TestImportTwiceMakesNoDuplicates(t *testing.T) {
	tests := []struct {
		format, file string
		first        string // the summary line of the first import
	}{
		{"linkedin", "linkedin-2024.csv", "2 created, 0 updated, 2 skipped (already exist), 1 invalid (line 7)"}, // Dana and José exist
		{"linkedin", "linkedin-old.csv", "2 created, 0 updated, 0 skipped (already exist), 0 invalid"},
		{"vcard", "apple.vcf", "2 created, 0 updated, 0 skipped (already exist), 1 invalid (line 41)"},
		{"vcard", "google.vcf", ""},
		{"vcard", "vcard4.vcf", ""},
		{"vcard", "outlook-21.vcf", "2 created, 0 updated, 0 skipped (already exist), 0 invalid"},
		{"vcard", "android-21.vcf", "3 created, 0 updated, 0 skipped (already exist), 1 invalid (line 49)"},
		{"vcard", "windows-1252.vcf", "0 created, 0 updated, 1 skipped (already exist), 0 invalid"}, // José exists
		{"vcard", "utf16.vcf", "1 created, 0 updated, 0 skipped (already exist), 0 invalid"},
		{"linkedin", "linkedin-2018.csv", "4 created, 0 updated, 0 skipped (already exist), 0 invalid"},
		{"linkedin", "linkedin-spreadsheet.csv", "4 created, 0 updated, 1 skipped (already exist), 0 invalid"},
		{"linkedin", "linkedin-utf16.csv", "2 created, 0 updated, 0 skipped (already exist), 0 invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := newJournal(t, nil)
			code, out, errOut := runEnv(t, nil, "import", tt.format, fixture(tt.file), "-s", dir)
			if code != 0 {
				t.Fatalf("first import: got exit %d, stderr %q; want 0", code, errOut)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if tt.first != "" && lines[len(lines)-1] != tt.first {
				t.Errorf("first import: got summary %q, want %q", lines[len(lines)-1], tt.first)
			}
			for _, l := range lines[:len(lines)-1] {
				if !strings.HasPrefix(l, "line ") {
					t.Errorf("first import: got step %q, want \"line N: ...\"", l)
				}
			}
			if code, out, _ := runEnv(t, nil, "check", "-s", dir); code != 0 {
				t.Errorf("check after the import: got exit %d:\n%s", code, out)
			}
			once := tree(t, dir)
			code, out, errOut = runEnv(t, nil, "import", tt.format, fixture(tt.file), "-s", dir)
			if code != 0 || !strings.Contains(out, "\n0 created, 0 updated, ") || strings.Contains(out, ": create ") {
				t.Errorf("second import: got exit %d, stdout %q, stderr %q; want 0 and nothing created", code, out, errOut)
			}
			twice := tree(t, dir)
			if strings.Join(keys(twice), "\n") != strings.Join(keys(once), "\n") {
				t.Errorf("second import: got files %v, want %v", keys(twice), keys(once))
			}
			for p, b := range once {
				if twice[p] != b {
					t.Errorf("second import changed %s", p)
				}
			}
		})
	}
}

func TestImportKeepsExistingNotes(t *testing.T) {
	// Dana exists (by LinkedIn URL) with her own words and an empty org;
	// Siobhán exists as a draft under another file name, by her alias; José
	// exists by name.
	dana := "---\r\nname: Dana Okafor # my note\r\norg:\r\ncontact:\r\n  linkedin: https://linkedin.com/in/dana-okafor/\r\n---\r\nDana's own words.\r\n"
	siobhan := "---\nname: Siobhan\naliases: [Siobhán O'Brien]\ndraft: true\n---\n"
	tests := []struct {
		name    string
		args    []string
		summary string
		want    map[string]string // expected bytes of the existing notes
	}{
		{"import", nil, "1 created, 0 updated, 3 skipped (already exist), 1 invalid (line 7)",
			map[string]string{"content/people/Dana.md": dana, "content/people/siobhan.md": siobhan}},
		{"import --update fills only empty fields", []string{"--update"}, "1 created, 3 updated, 0 skipped (already exist), 1 invalid (line 7)",
			map[string]string{
				"content/people/Dana.md": "---\r\nname: Dana Okafor # my note\r\norg: Northwind, Inc.\r\ncontact:\r\n  linkedin: https://linkedin.com/in/dana-okafor/\r\n" +
					"role: Head of Partnerships\r\nmet:\r\n  date: 2024-03-12\r\n  where: LinkedIn\r\n---\r\nDana's own words.\r\n",
				"content/people/siobhan.md": "",
			}},
		{"import --dry-run writes nothing", []string{"--dry-run", "--update"}, "dry run, nothing written: 1 to create, 3 to update, 0 skipped (already exist), 1 invalid (line 7)",
			map[string]string{"content/people/Dana.md": dana, "content/people/siobhan.md": siobhan}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, map[string]string{"content/people/Dana.md": dana, "content/people/siobhan.md": siobhan})
			if err := os.Remove(filepath.Join(dir, "content/people/Dana Okafor.md")); err != nil {
				t.Fatal(err)
			}
			before := tree(t, dir)
			args := append([]string{"import", "linkedin", fixture("linkedin-2024.csv"), "-s", dir}, tt.args...)
			code, out, errOut := runEnv(t, nil, args...)
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if code != 0 || lines[len(lines)-1] != tt.summary {
				t.Fatalf("got exit %d, stdout %q, stderr %q; want 0 and %q", code, out, errOut, tt.summary)
			}
			after := tree(t, dir)
			for p, want := range tt.want {
				if want == "" { // filled: only check that the rest is kept
					if !strings.HasPrefix(after[p], "---\nname: Siobhan\naliases: [Siobhán O'Brien]\ndraft: true\n") {
						t.Errorf("%s: got %q, want the fields the person wrote kept byte for byte", p, after[p])
					}
					continue
				}
				if after[p] != want {
					t.Errorf("%s: got\n%q\nwant\n%q", p, after[p], want)
				}
			}
			if strings.Contains(tt.name, "dry-run") && len(after) != len(before) {
				t.Errorf("dry run: got files %v, want %v", keys(after), keys(before))
			}
		})
	}
}

func TestImportRefuses(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"malformed vCard", []string{"vcard", fixture("malformed.vcf")}, 1, "malformed.vcf:5: card has no END:VCARD; nothing was imported"},
		{"CSV that is not a LinkedIn export", []string{"linkedin", fixture("apple.vcf")}, 1, "nothing was imported"},
		{"missing file", []string{"linkedin", "no-such.csv"}, 1, "no-such.csv"},
		{"unknown format", []string{"outlook", fixture("apple.vcf")}, 2, "kith import takes a format and a file"},
		{"no file", []string{"vcard"}, 2, "kith import takes a format and a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newJournal(t, nil)
			before := tree(t, dir)
			code, out, errOut := runEnv(t, nil, append(append([]string{"import"}, tt.args...), "-s", dir)...)
			if code != tt.code || out != "" || !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("got exit %d, stdout %q, stderr %q; want %d, nothing, %q", code, out, errOut, tt.code, tt.wantErr)
			}
			if after := tree(t, dir); len(after) != len(before) {
				t.Errorf("got files %v, want nothing written", keys(after))
			}
		})
	}
	t.Run("not a journal", func(t *testing.T) {
		dir := t.TempDir()
		code, _, errOut := runEnv(t, nil, "import", "linkedin", fixture("linkedin-2024.csv"), "-s", dir)
		if code != 1 || !strings.Contains(errOut, "is not a kith journal") {
			t.Errorf("got exit %d, stderr %q; want 1 and a hint", code, errOut)
		}
		if got := tree(t, dir); len(got) != 0 {
			t.Errorf("got files %v, want none", keys(got))
		}
	})
}

// TestCheckReportsLikelyDuplicates checks that kith check warns about two notes of
// one person, with both paths, and still exits 0.
func TestCheckReportsLikelyDuplicates(t *testing.T) {
	dir := newJournal(t, map[string]string{
		"content/people/Dana J Okafor.md": "---\nname: Dana J. Okafor\ncontact:\n  phone: +1 (555) 010-0199\n---\n",
		"content/people/Sam.md":           "---\nname: Sam Lee\ncontact:\n  phone: +1 555 010 0199\n---\n",
	})
	code, out, errOut := runEnv(t, nil, "check", "-s", dir)
	want := []string{
		`content/people/Dana Okafor.md:1: warning: likely the same person as content/people/Dana J Okafor.md (same name but for accents or a middle initial)`,
		"content/people/Sam.md:1: warning: likely the same person as content/people/Dana J Okafor.md (same phone)",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("got %q, want it to contain %q", out, w)
		}
	}
	if code != 0 {
		t.Errorf("got exit %d (stderr %q), want 0: duplicates are warnings", code, errOut)
	}
}
