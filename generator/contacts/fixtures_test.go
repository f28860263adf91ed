package contacts

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden output of the import fixtures")

// TestImportFixtures imports each fixture modelled on a real export into an empty
// journal (a dry run) and compares every step and every note it would write with
// testdata/golden/<fixture>.txt. Run with -update to rewrite them, and review the diff.
func TestImportFixtures(t *testing.T) {
	for _, file := range []string{
		"outlook-21.vcf", "android-21.vcf", "windows-1252.vcf", "utf16.vcf",
		"linkedin-2018.csv", "linkedin-spreadsheet.csv", "linkedin-utf16.csv",
	} {
		t.Run(file, func(t *testing.T) {
			cs, bad, err := parseFile(t, file)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			var b strings.Builder
			for _, st := range NewPlan(cs, bad, nil, PlanOptions{}).Steps {
				b.WriteString(st.String() + "\n")
				if st.Action == ActionCreate {
					b.WriteString(string(Note(*st.Contact)) + "\n")
				}
			}
			got := b.String()
			golden := filepath.Join("testdata", "golden", file+".txt")
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v; run go test ./generator/contacts -run TestImportFixtures -update", err)
			}
			if got != string(want) {
				t.Errorf("differs from %s; run go test ./generator/contacts -run TestImportFixtures -update and review the diff\ngot:\n%s", golden, got)
			}
		})
	}
}
