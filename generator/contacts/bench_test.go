package contacts

import (
	"bytes"
	"context"
	"fmt"
	"kith/generator/content"
	"os"
	"testing"
)

// linkedInExport generates a LinkedIn export of n connections, with the notes
// preamble, a BOM and CRLF line endings.
func linkedInExport(n int) []byte {
	var b bytes.Buffer
	b.WriteString(utf8BOM + "Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\n")
	b.WriteString("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i := range n {
		email := ""
		if i%10 == 0 {
			email = fmt.Sprintf("person%d@example.com", i)
		}
		fmt.Fprintf(&b, "Person%d,Surname%d,https://www.linkedin.com/in/person-%d,%s,\"Company %d, Inc.\",Engineer,%d %s %d\r\n",
			i, i, i, email, i%300, 1+i%28, months[i%12], 2010+i%15)
	}
	return b.Bytes()
}

// BenchmarkImportLinkedIn5000 parses, plans and applies 5,000 LinkedIn rows into an
// empty journal, the size issue 5 requires to take well under 2 s.
func BenchmarkImportLinkedIn5000(b *testing.B) {
	data := linkedInExport(5000)
	root := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		dir := fmt.Sprintf("%s/j%d", root, i)
		if err := os.Mkdir(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		cs, bad, err := ParseLinkedIn(bytes.NewReader(data), "Connections.csv")
		if err != nil || len(bad) != 0 {
			b.Fatalf("parse: %v %v", err, bad)
		}
		plan := NewPlan(cs, bad, nil, PlanOptions{})
		sum, err := Apply(context.Background(), dir, plan, ApplyOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if sum.Created != 5000 {
			b.Fatalf("got %s, want 5000 created", sum)
		}
	}
}

// BenchmarkPlanAgainst5000Known plans 5,000 rows against a journal that already has
// all of them, the cost of re-running an import.
func BenchmarkPlanAgainst5000Known(b *testing.B) {
	cs, _, err := ParseLinkedIn(bytes.NewReader(linkedInExport(5000)), "Connections.csv")
	if err != nil {
		b.Fatal(err)
	}
	known := make([]Known, len(cs))
	for i, c := range cs {
		known[i] = Known{Path: content.DefaultPeopleDir + "/" + c.Name + ".md", Names: []string{c.Name, content.Slug(c.Name)}, LinkedIn: c.LinkedIn}
	}
	for b.Loop() {
		plan := NewPlan(cs, nil, known, PlanOptions{})
		if plan.Steps[4999].Action != ActionExists {
			b.Fatalf("got %s, want exists", plan.Steps[4999])
		}
	}
}
