package contacts

import (
	"errors"
	"kith/generator/content"
	"os"
	"reflect"
	"strings"
	"testing"
)

// parseFile parses a fixture under testdata with the parser its extension names.
func parseFile(t testing.TB, name string) ([]Contact, []RowError, error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if strings.HasSuffix(name, ".csv") {
		return ParseLinkedIn(f, name)
	}
	return ParseVCard(f, name)
}

// linkedIn is a contact as a LinkedIn row gives it.
func linkedIn(line int, name, org, role, email, url, met string) Contact {
	return Contact{Name: name, Org: org, Role: role, Email: email, LinkedIn: url, MetDate: met,
		MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: line}
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []Contact
		bad  []RowError
	}{
		{
			file: "linkedin-2024.csv",
			want: []Contact{
				linkedIn(5, "Dana Okafor", "Northwind, Inc.", "Head of Partnerships", "", "https://www.linkedin.com/in/dana-okafor", "2024-03-12"),
				linkedIn(6, "Siobhán O'Brien", "Harbor Labs", "CTO", "siobhan@harbor.example", "https://www.linkedin.com/in/siobhan-obrien", "2023-01-03"),
				linkedIn(8, "José Núñez", "Acme", "Engineer, Platform", "", "https://www.linkedin.com/in/jose-nunez", "2024-03-12"),
				linkedIn(9, "Ana", "", "", "", "https://www.linkedin.com/in/ana-solo/", "2022-02-05"),
			},
			bad: []RowError{{File: "linkedin-2024.csv", Line: 7, Reason: "row has neither First Name nor Last Name"}},
		},
		{
			file: "linkedin-old.csv",
			want: []Contact{
				linkedIn(5, "Priya Raman", "Globex", "VP Sales", "priya@example.com", "", "2019-11-28"),
				linkedIn(6, "Marco Rossi", "Initech", "Analyst", "", "", "2018-07-07"),
			},
		},
		{
			file: "apple.vcf",
			want: []Contact{
				{
					Name: "Siobhán O'Brien", Org: "Harbor Labs", Role: "CTO", Email: "siobhan@harbor.example",
					Phone: "+353 1 555 0199", LinkedIn: "https://www.linkedin.com/in/siobhan-obrien/",
					Website: "https://harbor.example", Birthday: "04-12", Tags: []string{"Friends", "Dublin", "vcard"},
					Note: "Met at the Dublin meetup.\nLoves sailing, and bad puns; ask about boats.", Line: 1,
				},
				{
					Name: "Erik Lindqvist", Org: "Fjord AB", LinkedIn: "https://www.linkedin.com/in/erik-lindqvist",
					Website: "https://erik.example/blog", Birthday: "11-02", Tags: []string{"vcard"}, Line: 30,
				},
			},
			bad: []RowError{{File: "apple.vcf", Line: 41, Reason: "card is a company, not a person"}},
		},
		{
			file: "google.vcf",
			want: []Contact{
				{
					Name: "Dana Okafor", Org: "Northwind, Inc.", Role: "Head of Partnerships", Email: "dana@home.example",
					Phone: "+1 555 0100", LinkedIn: "http://www.linkedin.com/in/dana-okafor?trk=profile",
					Website: "https://dana.example", Birthday: "1985-04-12", Tags: []string{"Starred", "vcard"},
					Note: "Introduced by Priya.", Line: 1,
				},
				{Name: "Priya Raman", Email: "priya.home@example.com", Tags: []string{"vcard"}, Line: 19},
				{Name: "nobody", Email: "nobody@example.com", Tags: []string{"vcard"}, Line: 26,
					Warnings: []string{`card has no FN or N name; imported as "nobody" from its email`}},
			},
		},
		{
			file: "vcard4.vcf",
			want: []Contact{
				{
					Name: "Dr. Ana: MD", Org: "Clinic #9", Role: "Physician", Email: "ana@home.example",
					Phone: "+1-555-555-0100", LinkedIn: "https://linkedin.com/in/ana-souza", Website: "https://ana.example/",
					Birthday: "1985-04-12", Tags: []string{"doctors", "#hash", "vcard"}, Line: 1,
				},
				{Name: "Tom Weiss", Birthday: "02-29", Tags: []string{"vcard"}, Line: 16},
			},
			bad: []RowError{{File: "vcard4.vcf", Line: 21, Reason: "card is of KIND org, not a person"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, bad, err := parseFile(t, tt.file)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d contacts, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tt.want[i]) {
					t.Errorf("contact %d:\ngot  %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
			if !reflect.DeepEqual(bad, tt.bad) {
				t.Errorf("invalid rows: got %v, want %v", bad, tt.bad)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, file, input string
		line              int
		want              string
	}{
		{"linkedin without header", "Connections.csv", "Notes:\nsomething else\nName,Company\nDana,Acme\n", 0,
			`Connections.csv: no LinkedIn header line found; expected a line "First Name,Last Name,URL,Email Address,Company,Position,Connected On" (URL is optional)`},
		{"linkedin empty", "Connections.csv", "", 0, "Connections.csv: no LinkedIn header line found"},
		{"linkedin utf-16 without header", "Connections.csv", "\xff\xfeF\x00i\x00", 0, "Connections.csv: no LinkedIn header line found"},
		{"vcard missing END", "malformed.vcf", "", 5, "malformed.vcf:5: card has no END:VCARD"},
		{"vcard stray text", "x.vcf", "BEGIN:VCARD\nFN:A\nEND:VCARD\nhello\n", 4, `x.vcf:4: expected BEGIN:VCARD, found "hello"`},
		{"vcard line without colon", "x.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN Dana\r\nEND:VCARD\r\n", 3, `x.vcf:3: malformed property line "FN Dana"; expected NAME:value`},
		{"vcard nested BEGIN", "x.vcf", "BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", 1, "x.vcf:1: card has no END:VCARD before the next BEGIN:VCARD on line 3"},
		{"vcard empty", "x.vcf", "\n\n", 0, "x.vcf: no vCard found"},
		{"vcard not a vcard", "x.vcf", "BEGIN:VCALENDAR\nEND:VCALENDAR\n", 1, `x.vcf:1: expected BEGIN:VCARD, found "BEGIN:VCALENDAR"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cs []Contact
			var err error
			switch {
			case tt.file == "malformed.vcf":
				cs, _, err = parseFile(t, tt.file)
			case strings.HasSuffix(tt.file, ".csv"):
				cs, _, err = ParseLinkedIn(strings.NewReader(tt.input), tt.file)
			default:
				cs, _, err = ParseVCard(strings.NewReader(tt.input), tt.file)
			}
			if err == nil {
				t.Fatalf("got no error and %d contacts, want %q", len(cs), tt.want)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got error %q, want it to start with %q", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error of type %T, want *ParseError", err)
			}
			if pe.Line != tt.line {
				t.Errorf("got line %d, want %d", pe.Line, tt.line)
			}
			if cs != nil {
				t.Errorf("got %d contacts with the error, want none", len(cs))
			}
		})
	}
}

func TestParseLinkedInRows(t *testing.T) {
	const header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
	tests := []struct {
		name, input string
		want        []Contact
		bad         []int
	}{
		{"columns in another order", "Company,Connected On,Last Name,First Name,Position\nAcme,1 Jan 2020,Lima,Ana,CEO\n",
			[]Contact{{Name: "Ana Lima", Org: "Acme", Role: "CEO", MetDate: "2020-01-01", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 2}}, nil},
		{"bad date is imported without it, with a warning", header + "Ana,Lima,,,,,yesterday\nBo,Chen,,,,,\n",
			[]Contact{
				{Name: "Ana Lima", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 2,
					Warnings: []string{`Connected On "yesterday" is not a date like 12 Mar 2024, 3/12/24 or 2024-03-12; imported without met.date`}},
				{Name: "Bo Chen", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 3},
			}, nil},
		{"quoted field across lines keeps line numbers", header + "Ana,Lima,,,\"Acme\nLabs\",,\nBo,Chen,,,,,\n",
			[]Contact{
				{Name: "Ana Lima", Org: "Acme Labs", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 2},
				{Name: "Bo Chen", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 4},
			}, nil},
		{"bare quotes and short rows", header + "Dana \"DJ\",Okafor\n",
			[]Contact{{Name: "Dana \"DJ\" Okafor", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 2}}, nil},
		{"name that makes no file name", header + "???,//,,,,,\n", nil, []int{2}},
		{"preamble with an open quote", "Notes:\n\"an unclosed note\n\n" + header + "Ana,Lima,,,,,\n",
			[]Contact{{Name: "Ana Lima", MetWhere: "LinkedIn", Tags: []string{"linkedin"}, Line: 5}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad, err := ParseLinkedIn(strings.NewReader(tt.input), "c.csv")
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			var lines []int
			for _, b := range bad {
				lines = append(lines, b.Line)
			}
			if !reflect.DeepEqual(lines, tt.bad) {
				t.Errorf("invalid lines: got %v, want %v (%v)", lines, tt.bad, bad)
			}
		})
	}
}

func TestParseBirthday(t *testing.T) {
	tests := []struct{ in, omit, want string }{
		{"1985-04-12", "", "1985-04-12"},
		{"19850412", "", "1985-04-12"},
		{"--04-12", "", "04-12"},
		{"--0412", "", "04-12"},
		{"1985-04-12T00:00:00Z", "", "1985-04-12"},
		{"1604-04-12", "1604", "04-12"},
		{"2000-04-12", "2000", "04-12"},
		{"--0229", "", "02-29"},
		{"--02-30", "", ""},
		{"1985-13-01", "", ""},
		{"circa 1800", "", ""},
		{"+1234567", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseBirthday(tt.in, tt.omit); got != tt.want {
				t.Errorf("parseBirthday(%q, %q): got %q, want %q", tt.in, tt.omit, got, tt.want)
			}
		})
	}
}

func FuzzParseLinkedIn(f *testing.F) {
	for _, name := range []string{"linkedin-2024.csv", "linkedin-old.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("First Name,Last Name,Company\n\"a\nb\",\xff\x00,#x: y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, bad, err := ParseLinkedIn(strings.NewReader(string(data)), "f.csv")
		if err != nil {
			if cs != nil || bad != nil {
				t.Fatalf("got %d contacts and %d invalid rows with error %v, want none", len(cs), len(bad), err)
			}
			return
		}
		for _, c := range cs {
			if c.Name == "" || c.Line < 1 || content.FileBase(c.Name) == "" {
				t.Fatalf("got contact %+v, want a name, a file name and a line", c)
			}
			assertNoteRoundTrip(t, c)
		}
		for _, b := range bad {
			if b.Line < 1 {
				t.Fatalf("got invalid row %+v, want a line", b)
			}
		}
	})
}

// TestFileBaseNotIgnored checks that no contact gets a file name the loader
// would skip as hidden or an editor's temporary file.
func TestFileBaseNotIgnored(t *testing.T) {
	for _, name := range []string{"#1 Fan", ".NET Guru", "Backup~", "#Ana#", "Kim ___jb_tmp___", "Dana Okafor", "  ..Bo.  "} {
		t.Run(name, func(t *testing.T) {
			base := content.FileBase(name)
			p := "content/people/" + base + ".md"
			if base == "" || content.Ignored(p) || content.KindOf(p) != content.PersonFile {
				t.Errorf("content.FileBase(%q) = %q: got a name the loader ignores, want a person file", name, base)
			}
		})
	}
}
