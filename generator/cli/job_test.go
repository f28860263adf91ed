package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportJobChange re-imports a LinkedIn export in which Dana moved from
// Lumen Health to Mercy General: the import reports it, and --update
// changes the org and role values, appends one dated log line, and leaves
// every other byte of the note as it was.
func TestImportJobChange(t *testing.T) {
	note := "---\r\nname: Dana Okafor\r\n# where she works\r\norg: Lumen Health   # since 2023\r\nrole: 'Head of Product'\r\ntags: [mentor]\r\nmet: {date: 2025-09-18, where: a meetup}\r\ncontact:\r\n  linkedin: https://www.linkedin.com/in/dana-okafor\r\n---\r\n\r\nDana is great.\r\n\r\n## Log\r\n\r\n- 2026-03-02 Feedback on my day rate. #received"
	csv := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
		"Dana,Okafor,https://www.linkedin.com/in/dana-okafor,,Mercy General,CMIO,12 Mar 2024\n" +
		"Ana,Lee,https://www.linkedin.com/in/ana-lee,,Acme,CTO,12 Mar 2024\n"
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"kith.yaml": "title: x\n", "content/people/Dana Okafor.md": note, "Connections.csv": csv})
	path := filepath.Join(dir, "content/people/Dana Okafor.md")
	csvPath := filepath.Join(dir, "Connections.csv")

	code, out, errOut := run(t, "import", "-s", dir, "--now", "2026-11-23", "linkedin", csvPath)
	if code != 0 || !strings.Contains(out, "changed jobs: Dana Okafor, Lumen Health → Mercy General\n") {
		t.Fatalf("import: got exit %d,\n%s%s\nwant the change reported", code, out, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != note {
		t.Fatalf("import without --update changed the note:\n%q", b)
	}
	code, out, errOut = run(t, "import", "-s", dir, "--now", "2026-11-23", "--update", "linkedin", csvPath)
	if code != 0 || !strings.Contains(out, "changed jobs: Dana Okafor, Lumen Health → Mercy General\n") {
		t.Fatalf("import --update: got exit %d,\n%s%s", code, out, errOut)
	}
	got, _ := os.ReadFile(path)
	want := strings.Replace(strings.Replace(note, "org: Lumen Health   #", "org: Mercy General   #", 1), "role: 'Head of Product'", "role: CMIO", 1) +
		"\r\n- 2026-11-23 Changed jobs: Head of Product at Lumen Health → CMIO at Mercy General. #job\r\n"
	if string(got) != want {
		t.Errorf("import --update: got note\n%q\nwant\n%q", got, want)
	}
	code, out, _ = run(t, "check", "-s", dir)
	if code != 0 {
		t.Errorf("check after the update: exit %d\n%s", code, out)
	}
	// A second run finds nothing changed and writes nothing.
	code, out, _ = run(t, "import", "-s", dir, "--now", "2026-11-24", "--update", "linkedin", csvPath)
	if again, _ := os.ReadFile(path); code != 0 || string(again) != want || strings.Contains(out, "changed jobs") {
		t.Errorf("second import: got exit %d,\n%s\nand the note changed: %v", code, out, string(again) != want)
	}
}
