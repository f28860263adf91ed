package contacts

import (
	"context"
	"io/fs"
	"kith/generator/content"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// tree returns every file under dir, by slash path, with its mode and content.
func tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			files[filepath.ToSlash(rel)+"/"] = info.Mode().String()
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = info.Mode().String() + " " + string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// writeFile writes a file under dir, creating its folders.
func writeFile(t testing.TB, dir, rel, content string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// knownPeople reads the person notes under dir the way the integrator builds Known
// records from the journal model: name, aliases and slug, email, LinkedIn URL.
func knownPeople(t testing.TB, dir string) []Known {
	t.Helper()
	var known []Known
	matches, err := filepath.Glob(filepath.Join(dir, "content", "people", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(strings.TrimPrefix(string(data), utf8BOM), "\r\n", "\n")
		front, _, _ := strings.Cut(strings.TrimPrefix(text, "---\n"), "\n---\n")
		var fm struct {
			Name    string   `yaml:"name"`
			Aliases []string `yaml:"aliases"`
			Contact struct {
				Email    string `yaml:"email"`
				LinkedIn string `yaml:"linkedin"`
			} `yaml:"contact"`
		}
		if err := yaml.Unmarshal([]byte(front), &fm); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		rel, _ := filepath.Rel(dir, m)
		rel = filepath.ToSlash(rel)
		names := append([]string{fm.Name}, fm.Aliases...)
		names = append(names, content.Slug(strings.TrimSuffix(path.Base(rel), ".md")))
		known = append(known, Known{Path: rel, Names: names, Email: fm.Contact.Email, LinkedIn: fm.Contact.LinkedIn})
	}
	return known
}

// importFile runs an import the way the command does: parse, plan, apply. A parse
// error stops it before anything is written.
func importFile(t testing.TB, dir, fixture string, update, dryRun bool) (Summary, error) {
	t.Helper()
	cs, bad, err := parseFile(t, fixture)
	if err != nil {
		return Summary{}, err
	}
	plan := NewPlan(cs, bad, knownPeople(t, dir), PlanOptions{Update: update})
	return Apply(context.Background(), dir, plan, ApplyOptions{DryRun: dryRun})
}

// actions lists the action and path of each step.
func actions(steps []Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, string(s.Action)+" "+s.Path)
	}
	return out
}

func TestImportTwiceMakesNoDuplicates(t *testing.T) {
	for _, fixture := range []string{"linkedin-2024.csv", "linkedin-old.csv", "apple.vcf", "google.vcf", "vcard4.vcf"} {
		t.Run(fixture, func(t *testing.T) {
			dir := t.TempDir()
			first, err := importFile(t, dir, fixture, false, false)
			if err != nil {
				t.Fatalf("first import: %v", err)
			}
			if first.Created == 0 || first.Exists != 0 || first.Updated != 0 {
				t.Fatalf("first import: got %s, want only creations", first)
			}
			before := tree(t, dir)
			for _, update := range []bool{false, true} {
				second, err := importFile(t, dir, fixture, update, false)
				if err != nil {
					t.Fatalf("second import (update %v): %v", update, err)
				}
				if second.Created != 0 || second.Updated != 0 || second.Exists != first.Created {
					t.Errorf("second import (update %v): got %s, want all %d skipped", update, second, first.Created)
				}
				if !reflect.DeepEqual(len(second.Invalid), len(first.Invalid)) {
					t.Errorf("second import: got %d invalid, want %d", len(second.Invalid), len(first.Invalid))
				}
				if after := tree(t, dir); !reflect.DeepEqual(after, before) {
					t.Errorf("second import (update %v) changed files:\ngot  %v\nwant %v", update, after, before)
				}
			}
		})
	}
}

func TestImportLinkedInCreatesNotes(t *testing.T) {
	dir := t.TempDir()
	sum, err := importFile(t, dir, "linkedin-2024.csv", false, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"create content/people/Dana Okafor.md",
		"create content/people/Siobhán O'Brien.md",
		"invalid ",
		"create content/people/José Núñez.md",
		"create content/people/Ana.md",
	}
	if got := actions(sum.Steps); !reflect.DeepEqual(got, want) {
		t.Errorf("steps: got %q, want %q", got, want)
	}
	if got, want := sum.String(), "4 created, 0 updated, 0 skipped (already exist), 1 invalid (line 7)"; got != want {
		t.Errorf("summary: got %q, want %q", got, want)
	}
	if want := (RowError{File: "linkedin-2024.csv", Line: 7, Reason: "row has neither First Name nor Last Name"}); !reflect.DeepEqual(sum.Invalid, []RowError{want}) {
		t.Errorf("invalid: got %v, want %v", sum.Invalid, want)
	}
	got, err := os.ReadFile(filepath.Join(dir, "content", "people", "Dana Okafor.md"))
	if err != nil {
		t.Fatal(err)
	}
	wantNote := "---\nname: Dana Okafor\norg: Northwind, Inc.\nrole: Head of Partnerships\ntags: [linkedin]\n" +
		"met:\n  date: 2024-03-12\n  where: LinkedIn\ncontact:\n  linkedin: https://www.linkedin.com/in/dana-okafor\n---\n"
	if string(got) != wantNote {
		t.Errorf("Dana Okafor.md: got\n%s\nwant\n%s", got, wantNote)
	}
}

func TestPlan(t *testing.T) {
	dana := Known{Path: "content/people/dana.md", Names: []string{"Dana Okafor", "DJ", "dana"},
		Email: "Dana@Northwind.example", LinkedIn: "http://www.linkedin.com/in/dana-okafor/?trk=x"}
	ana := Known{Path: "content/people/ana lima.md", Names: []string{"Ana Souza"}}
	jose := Known{Path: "content/people/Jose Nunez.md", Names: []string{"Jose Nunez", "jose-nunez"}}
	known := []Known{jose, dana, ana}
	tests := []struct {
		name     string
		contacts []Contact
		update   bool
		want     []string // action, path and reason of each step
	}{
		{"by name, case-insensitive", []Contact{{Name: "dana okafor", Line: 2}}, false,
			[]string{"exists content/people/dana.md: same name as content/people/dana.md"}},
		{"by alias", []Contact{{Name: "dj", Line: 2}}, false,
			[]string{"exists content/people/dana.md: same name as content/people/dana.md"}},
		{"by slug", []Contact{{Name: "José Núñez", Line: 2}}, false,
			[]string{"exists content/people/Jose Nunez.md: same name as content/people/Jose Nunez.md"}},
		{"by email", []Contact{{Name: "D. Okafor", Email: "dana@northwind.example", Line: 2}}, false,
			[]string{"exists content/people/dana.md: same email as content/people/dana.md"}},
		{"by normalized LinkedIn URL", []Contact{{Name: "Someone", LinkedIn: "https://LinkedIn.com/in/dana-okafor", Line: 2}}, false,
			[]string{"exists content/people/dana.md: same LinkedIn URL as content/people/dana.md"}},
		{"update", []Contact{{Name: "Dana Okafor", Line: 2}, {Name: "DJ", Line: 3}}, true,
			[]string{
				"update content/people/dana.md: same name as content/people/dana.md",
				"exists content/people/dana.md: same name as content/people/dana.md, already matched by line 2",
			}},
		{"file name taken by someone else", []Contact{{Name: "Ana Lima", Line: 2}}, false,
			[]string{"create content/people/Ana Lima 2.md"}},
		{"duplicates in one file", []Contact{
			{Name: "Bo Chen", Email: "bo@x.example", Line: 2},
			{Name: "BO CHEN", Line: 3},
			{Name: "Robert Chen", Email: "BO@x.example", Line: 4},
			{Name: "Cy", LinkedIn: "https://www.linkedin.com/in/cy", Line: 5},
			{Name: "Cyrus", LinkedIn: "http://linkedin.com/in/cy/", Line: 6},
		}, false, []string{
			"create content/people/Bo Chen.md",
			"exists content/people/Bo Chen.md: same name as line 2",
			"exists content/people/Bo Chen.md: same email as line 2",
			"create content/people/Cy.md",
			"exists content/people/Cy.md: same LinkedIn URL as line 5",
		}},
		{"file names are sanitized", []Contact{{Name: `Dr. Ana: MD`, Line: 2}, {Name: `a/b\c*d?e"f<g>h|i`, Line: 3}, {Name: "..hidden..", Line: 4}}, false,
			[]string{"create content/people/Dr. Ana MD.md", "create content/people/a b c d e f g h i.md", "create content/people/hidden.md"}},
		{"names in other scripts keep their letters", []Contact{{Name: "王伟", Line: 2}, {Name: "李娜", Line: 3}, {Name: "Иван Петров", Line: 4}}, false,
			[]string{"create content/people/王伟.md", "create content/people/李娜.md", "create content/people/Иван Петров.md"}},
		{"no usable name", []Contact{{Name: "  ", Line: 2}, {Name: "???", Line: 3}}, false,
			[]string{`invalid : contact has no name`, `invalid : name "???" gives no usable file name`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := NewPlan(tt.contacts, nil, known, PlanOptions{Update: tt.update})
			var got []string
			for _, s := range plan.Steps {
				g := string(s.Action) + " " + s.Path
				if s.Reason != "" {
					g += ": " + s.Reason
				}
				got = append(got, g)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// handWritten is a note written by a person: BOM, CRLF, comments, odd spacing.
const handWritten = "\uFEFF---\r\n" +
	"# Dana's note, written by hand\r\n" +
	"name:   Dana Okafor   # full name\r\n" +
	"aliases: [DJ]\r\n" +
	"org: \"\"\r\n" +
	"role:\r\n" +
	"tags:\r\n" +
	"  - friend\r\n" +
	"contact:\r\n" +
	"    email:  dana@personal.example\r\n" +
	"    phone:   # ask her\r\n" +
	"\r\n" +
	"# keep in touch every quarter\r\n" +
	"keep_in_touch: 3m\r\n" +
	"---\r\n" +
	"Met through [[Priya Raman]].\r\n" +
	"\r\n" +
	"- 2024-05-01 Coffee at the harbour. #meeting\r\n"

func TestApplyKeepsExistingNotes(t *testing.T) {
	const note = "content/people/Dana.md"
	tests := []struct {
		fixture string
		update  bool
		want    string // the note afterwards
		fields  []string
	}{
		{"linkedin-2024.csv", false, handWritten, nil},
		{"google.vcf", false, handWritten, nil},
		{"linkedin-2024.csv", true, "\uFEFF---\r\n" +
			"# Dana's note, written by hand\r\n" +
			"name:   Dana Okafor   # full name\r\n" +
			"aliases: [DJ]\r\n" +
			"org: Northwind, Inc.\r\n" +
			"role: Head of Partnerships\r\n" +
			"tags:\r\n" +
			"  - friend\r\n" +
			"contact:\r\n" +
			"    email:  dana@personal.example\r\n" +
			"    phone:   # ask her\r\n" +
			"    linkedin: https://www.linkedin.com/in/dana-okafor\r\n" +
			"\r\n" +
			"# keep in touch every quarter\r\n" +
			"keep_in_touch: 3m\r\n" +
			"met:\r\n" +
			"  date: 2024-03-12\r\n" +
			"  where: LinkedIn\r\n" +
			"---\r\n" +
			"Met through [[Priya Raman]].\r\n" +
			"\r\n" +
			"- 2024-05-01 Coffee at the harbour. #meeting\r\n",
			[]string{"org", "role", "met.date", "met.where", "contact.linkedin"}},
		{"google.vcf", true, "\uFEFF---\r\n" +
			"# Dana's note, written by hand\r\n" +
			"name:   Dana Okafor   # full name\r\n" +
			"aliases: [DJ]\r\n" +
			"org: Northwind, Inc.\r\n" +
			"role: Head of Partnerships\r\n" +
			"tags:\r\n" +
			"  - friend\r\n" +
			"contact:\r\n" +
			"    email:  dana@personal.example\r\n" +
			"    phone: +1 555 0100 # ask her\r\n" +
			"    linkedin: http://www.linkedin.com/in/dana-okafor?trk=profile\r\n" +
			"    website: https://dana.example\r\n" +
			"\r\n" +
			"# keep in touch every quarter\r\n" +
			"keep_in_touch: 3m\r\n" +
			"birthday: 1985-04-12\r\n" +
			"---\r\n" +
			"Met through [[Priya Raman]].\r\n" +
			"\r\n" +
			"- 2024-05-01 Coffee at the harbour. #meeting\r\n",
			[]string{"org", "role", "contact.phone", "contact.linkedin", "contact.website", "birthday"}},
	}
	for _, tt := range tests {
		name := tt.fixture
		if tt.update {
			name += " update"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, note, handWritten)
			if err := os.Chmod(filepath.Join(dir, note), 0o600); err != nil {
				t.Fatal(err)
			}
			sum, err := importFile(t, dir, tt.fixture, tt.update, false)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, note))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("note: got\n%q\nwant\n%q", got, tt.want)
			}
			step := sum.Steps[0]
			wantAction := ActionExists
			if tt.update {
				wantAction = ActionUpdate
			}
			if step.Action != wantAction || step.Path != note || !reflect.DeepEqual(step.Fields, tt.fields) {
				t.Errorf("first step: got %s, want %s %s (%v)", step, wantAction, note, tt.fields)
			}
			info, err := os.Stat(filepath.Join(dir, note))
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != 0o600 {
				t.Errorf("mode: got %v, want 0600", info.Mode().Perm())
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "content", "people"))
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp") {
					t.Errorf("temporary file left behind: %s", e.Name())
				}
			}
			again, err := importFile(t, dir, tt.fixture, true, false)
			if err != nil {
				t.Fatal(err)
			}
			if again.Steps[0].Action != ActionExists && tt.update {
				t.Errorf("second update: got %s, want exists", again.Steps[0])
			}
		})
	}
}

func TestApplyNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	plan := NewPlan([]Contact{{Name: "Dana Okafor", Line: 1}, {Name: "Bo Chen", Line: 2}}, nil, nil, PlanOptions{})
	// A file the plan did not know about appears before Apply runs.
	writeFile(t, dir, "content/people/Dana Okafor.md", "mine\n")
	for _, dryRun := range []bool{true, false} {
		sum, err := Apply(context.Background(), dir, plan, ApplyOptions{DryRun: dryRun})
		if err != nil {
			t.Fatal(err)
		}
		if got := sum.Steps[0]; got.Action != ActionExists || got.Reason != "file already exists" {
			t.Errorf("dry run %v: got %s, want exists: file already exists", dryRun, got)
		}
		if sum.Created != 1 || sum.Exists != 1 {
			t.Errorf("dry run %v: got %s, want 1 created and 1 skipped", dryRun, sum)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "content", "people", "Dana Okafor.md")); string(got) != "mine\n" {
		t.Errorf("existing file: got %q, want %q", got, "mine\n")
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "people", "Bo Chen.md")); err != nil {
		t.Errorf("new note: %v", err)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	for _, fixture := range []string{"linkedin-2024.csv", "google.vcf"} {
		t.Run(fixture, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "content/people/Dana.md", handWritten)
			before := tree(t, dir)
			dry, err := importFile(t, dir, fixture, true, true)
			if err != nil {
				t.Fatal(err)
			}
			if after := tree(t, dir); !reflect.DeepEqual(after, before) {
				t.Errorf("dry run changed files:\ngot  %v\nwant %v", after, before)
			}
			if !dry.DryRun || !strings.HasPrefix(dry.String(), "dry run, nothing written: ") {
				t.Errorf("summary: got %q, want a dry-run summary", dry)
			}
			real, err := importFile(t, dir, fixture, true, false)
			if err != nil {
				t.Fatal(err)
			}
			dry.DryRun = false
			if !reflect.DeepEqual(dry, real) {
				t.Errorf("dry run and real run differ:\ngot  %+v\nwant %+v", dry, real)
			}
		})
	}
}

func TestMalformedFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "content/people/Dana.md", handWritten)
	before := tree(t, dir)
	if _, err := importFile(t, dir, "malformed.vcf", true, false); err == nil || !strings.HasPrefix(err.Error(), "malformed.vcf:5: ") {
		t.Errorf("got error %v, want malformed.vcf:5: …", err)
	}
	if after := tree(t, dir); !reflect.DeepEqual(after, before) {
		t.Errorf("files changed:\ngot  %v\nwant %v", after, before)
	}
}

func TestApplyLeavesUneditableNotes(t *testing.T) {
	dir := t.TempDir()
	const odd = "---\n{name: Dana Okafor}\n---\n"
	writeFile(t, dir, "content/people/Dana.md", odd)
	plan := NewPlan([]Contact{{Name: "Dana Okafor", Org: "Acme", Line: 1}}, nil,
		[]Known{{Path: "content/people/Dana.md", Names: []string{"Dana Okafor"}}}, PlanOptions{Update: true})
	sum, err := Apply(context.Background(), dir, plan, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.Steps[0]; got.Action != ActionExists || !strings.Contains(got.Reason, "not updated: front matter is not a block mapping") {
		t.Errorf("got %s, want exists, not updated", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "content", "people", "Dana.md")); string(got) != odd {
		t.Errorf("note: got %q, want %q", got, odd)
	}
}

func TestApplyStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	plan := NewPlan([]Contact{{Name: "Bo", Line: 1}}, nil, nil, PlanOptions{})
	if _, err := Apply(ctx, dir, plan, ApplyOptions{}); err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if got := tree(t, dir); len(got) != 1 {
		t.Errorf("files: got %v, want none", got)
	}
}

func TestSummaryString(t *testing.T) {
	tests := []struct {
		name string
		s    Summary
		want string
	}{
		{"plain", Summary{Created: 3, Updated: 1, Exists: 2}, "3 created, 1 updated, 2 skipped (already exist), 0 invalid"},
		{"invalid rows", Summary{Created: 1, Invalid: []RowError{{Line: 7}, {Line: 9}}}, "1 created, 0 updated, 0 skipped (already exist), 2 invalid (lines 7, 9)"},
		{"dry run", Summary{Created: 1, DryRun: true}, "dry run, nothing written: 1 to create, 0 to update, 0 skipped (already exist), 0 invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestApplyReportsIOErrors(t *testing.T) {
	dir := t.TempDir()
	gone := Known{Path: "content/people/Gone.md", Names: []string{"Gone Person"}}
	plan := NewPlan([]Contact{{Name: "Bo Chen", Line: 1}, {Name: "Gone Person", Org: "X", Line: 2}}, nil, []Known{gone}, PlanOptions{Update: true})
	sum, err := Apply(context.Background(), dir, plan, ApplyOptions{})
	if err == nil || err.Error() != "content/people/Gone.md: open: no such file or directory" {
		t.Fatalf("got error %v, want content/people/Gone.md: open: no such file or directory", err)
	}
	if len(sum.Steps) != 1 || sum.Steps[0].Path != "content/people/Bo Chen.md" || sum.Created != 1 {
		t.Errorf("got %s %v, want the create that was done", sum, actions(sum.Steps))
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "people", "Bo Chen.md")); err != nil {
		t.Errorf("note created before the error: %v", err)
	}
}
