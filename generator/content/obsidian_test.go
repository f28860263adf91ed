package content

import (
	"fmt"
	"strings"
	"testing"
)

// TestObsidianPerson reads person notes as Obsidian and CRM vault templates
// write them.
func TestObsidianPerson(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            string // the fields checked, formatted by personSummary
	}{
		{"title is the file name", "People/Dana Okafor.md", "---\norg: Lumen\n---\n", "name=Dana Okafor org=Lumen"},
		{"no front matter", "People/Dana Okafor.md", "Met at the meetup.\n", "name=Dana Okafor"},
		{"org as a list of a wikilink", "People/D.md", "---\norg: [\"[[Obsidian]]\"]\n---\n", "name=D org=Obsidian"},
		{"org as an unquoted wikilink", "People/D.md", "---\norg: [[Harbor Clinic]]\n---\n", "name=D org=Harbor Clinic"},
		{"org as a wikilink with label", "People/D.md", "---\norg: \"[[Harbor Clinic|HC]]\"\n---\n", "name=D org=Harbor Clinic"},
		{"empty values", "People/D.md", "---\norg:\nrole: []\ntags: []\n---\n", "name=D"},
		{"one-element list", "People/D.md", "---\nrole: [Designer]\n---\n", "name=D role=Designer"},
		{"keys in any case", "People/D.md", "---\nName: Dana Okafor\nORG: Lumen\nTags: [UX]\n---\n", "name=Dana Okafor org=Lumen tags=[ux]"},
		{"CRM key names", "People/D.md", "---\nFirst Name: Dana\nLast Name: Okafor\nCompany: Lumen\nPosition: Designer\nE-mail: d@example.com\nPhone Number: \"+45 555 0101\"\nLinkedIn: https://linkedin.example.com/in/d\nurl: https://d.example.org\n---\n",
			"name=Dana Okafor org=Lumen role=Designer email=d@example.com phone=+45 555 0101 linkedin=https://linkedin.example.com/in/d website=https://d.example.org"},
		{"snake-case CRM names", "People/D.md", "---\nfirst_name: Dana\nlast_name: Okafor\ntitle: Designer\nemail: d@example.com\nphone: \"1\"\nwebsite: https://d.example.org\n---\n",
			"name=Dana Okafor role=Designer email=d@example.com phone=1 website=https://d.example.org"},
		{"tags as a string with #", "People/D.md", "---\ntags: \"#work #clients/health\"\n---\n", "name=D tags=[work clients/health]"},
		{"tags as a comma list", "People/D.md", "---\ntags: work, Open Source\n---\n", "name=D tags=[work open source]"},
		{"singular tag and alias", "People/D.md", "---\ntag: mentor\nalias: Dee\n---\n", "name=D aliases=[Dee] tags=[mentor]"},
		{"address-book lists, middle name, nickname", "People/D.md", "---\nFirst Name: Dana\nMiddle Name: K\nLast Name: Okafor\nEmail:\n  - d@example.com\nURL: []\nNickname: Dee\nPhone:\n---\n",
			"name=Dana K Okafor aliases=[Dee] email=d@example.com"},
		{"hal_md names", "People/S.md", "---\nfirst_name: Sam\nlast_name: Reed\norganizations: [harbor-clinic]\ncity: Porto\nlinkedin_id: sam-reed\nskills: [java, css]\n---\n",
			"name=Sam Reed org=harbor-clinic linkedin=https://www.linkedin.com/in/sam-reed"},
		{"aliases as a string", "People/D.md", "---\naliases: Dee\n---\n", "name=D aliases=[Dee]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, probs := ParseKind(tt.path, PersonFile, []byte(tt.src))
			if len(probs) > 0 {
				t.Errorf("got problems %v, want none", probs)
			}
			if doc.Person == nil {
				t.Fatalf("got no person")
			}
			if got := personSummary(doc.Person); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func personSummary(p *Person) string {
	var b strings.Builder
	add := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%s", k, v)
		}
	}
	add("name", p.Name)
	add("org", p.Org)
	add("role", p.Role)
	if len(p.Aliases) > 0 {
		var a []string
		for _, r := range p.Aliases {
			a = append(a, r.Text)
		}
		add("aliases", fmt.Sprint(a))
	}
	if len(p.Tags) > 0 {
		add("tags", fmt.Sprint(p.Tags))
	}
	add("email", p.Contact.Email)
	add("phone", p.Contact.Phone)
	add("linkedin", p.Contact.LinkedIn)
	add("website", p.Contact.Website)
	return strings.TrimSpace(b.String())
}

// TestObsidianEntry reads meeting and daily notes as Obsidian writes them.
func TestObsidianEntry(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            string // date time title kind with
	}{
		{"daily note, no front matter", "Daily/2026-03-11.md", "- talked to [[Dana]]\n", "2026-03-11|||note|"},
		{"date from a titled file name", "Meetings/2026-03-10 Coffee with Dana.md", "---\npeople: [\"[[Dana]]\"]\n---\n", "2026-03-10||Coffee with Dana|note|[[Dana]]"},
		{"slug file name keeps the default title", "Meetings/2026-03-10-coffee.md", "", "2026-03-10|||note|"},
		{"date and time with a space", "Meetings/Coffee.md", "---\ndate: 2026-03-10 09:30\n---\n", "2026-03-10|09:30|Coffee|note|"},
		{"ISO date-time", "Meetings/Coffee.md", "---\ndate: 2026-03-10T09:30:00\n---\n", "2026-03-10|09:30|Coffee|note|"},
		{"ISO date-time with zone", "Meetings/Coffee.md", "---\ndate: \"2026-03-10T09:30:00+01:00\"\n---\n", "2026-03-10|09:30|Coffee|note|"},
		{"empty type", "Meetings/2026-03-10.md", "---\ntype: []\n---\n", "2026-03-10|||note|"},
		{"type as a wikilink", "Meetings/2026-03-10.md", "---\ntype: \"[[Meetings]]\"\n---\n", "2026-03-10|||meeting|"},
		{"People key any case", "Meetings/2026-03-10.md", "---\nPeople:\n  - \"[[Dana]]\"\n  - \"[[Sam]]\"\n---\n", "2026-03-10|||note|[[Dana]], [[Sam]]"},
		{"CRM meeting: Name and Date & Time", "Meetings/Meeting - 2024-06-14 2247 .md", "---\nName: \"Meeting - 2024-06-14 2247 \"\nDate: \"2024-06-14\"\nDate & Time: \"2024-06-14 22:47\"\n---\n", "2024-06-14|22:47|Meeting - 2024-06-14 2247|note|"},
		{"empty date falls back to the file name", "Daily/2026-03-12.md", "---\ndate:\n---\n", "2026-03-12|||note|"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, probs := ParseKind(tt.path, EntryFile, []byte(tt.src))
			if len(probs) > 0 {
				t.Errorf("got problems %v, want none", probs)
			}
			e := doc.Entry
			if e == nil {
				t.Fatalf("got no entry")
			}
			var with []string
			for _, r := range e.With {
				with = append(with, r.Text)
			}
			got := fmt.Sprintf("%s|%s|%s|%s|%s", e.Date, e.Time, e.Title, e.Kind, strings.Join(with, ", "))
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestObsidianEvent(t *testing.T) {
	doc, probs := ParseKind("Events/Harbor Health Day.md", EventFile, []byte("---\nstart: 2026-02-07T18:00\nattendees: [\"[[Dana]]\"]\n---\n"))
	if len(probs) > 0 {
		t.Errorf("got problems %v, want none", probs)
	}
	e := doc.Event
	if got, want := fmt.Sprintf("%s|%s|%s|%d", e.Name, e.Date, e.Time, len(e.People)), "Harbor Health Day|2026-02-07|18:00|1"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in, date, clock string
		bad             bool
	}{
		{"2026-03-10", "2026-03-10", "", false},
		{"2026-03-10 09:30", "2026-03-10", "09:30", false},
		{"2026-03-10T09:30", "2026-03-10", "09:30", false},
		{"2026-03-10T09:30:15.123Z", "2026-03-10", "09:30", false},
		{"2026-03-10T09:30:00-05:00", "2026-03-10", "09:30", false},
		{"2026-03-10 25:00", "", "", true},
		{"2026-03-10 9:30", "", "", true},
		{"2026-03-10 09:30 pm", "", "", true},
		{"2026-02-30 09:30", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, c, err := ParseDateTime(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("got error %v, want error %v", err, tt.bad)
			}
			if err == nil && (d.String() != tt.date || c != tt.clock) {
				t.Errorf("got %s %q, want %s %q", d, c, tt.date, tt.clock)
			}
		})
	}
}

// TestObsidianBody finds links and log tags in bodies as Obsidian writes them.
func TestObsidianBody(t *testing.T) {
	tests := []struct {
		name, body string
		links      string // targets, comma-separated
		tags       string // the log line's tags, comma-separated
	}{
		{"label, heading, block, folder", "- 2026-03-10 [[Dana|D]] [[Sam#Notes]] [[Lee#^ab1]] [[People/Ana Ruiz]]\n", "Dana,Sam,Lee,People/Ana Ruiz", ""},
		{"embed is a link", "- 2026-03-10 saw ![[Dana]]\n", "Dana", ""},
		{"image embed is not", "- 2026-03-10 card ![[card.png]]\n", "", ""},
		{"code span is not", "- 2026-03-10 typed `[[Dana]]` and ``[[Sam]]``\n", "", ""},
		{"markdown links to notes", "- 2026-03-10 with [Dana](Dana%20Okafor.md) and [Sam](../People/Sam.md#Log), not [site](https://x.example/a.md)\n", "Dana Okafor,People/Sam", ""},
		{"nested tags", "- 2026-03-10 review #work/clients #Health/UX/2026 #call\n", "", "work/clients,health/ux/2026,call"},
		{"trailing slash not in tag", "- 2026-03-10 #work/ done\n", "", "work"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, probs := ParseKind("People/P.md", PersonFile, []byte(tt.body))
			if len(probs) > 0 {
				t.Errorf("got problems %v, want none", probs)
			}
			var links []string
			for _, l := range doc.Person.Body.Links {
				links = append(links, l.Target)
			}
			if got := strings.Join(links, ","); got != tt.links {
				t.Errorf("got links %q, want %q", got, tt.links)
			}
			if len(doc.Person.Logs) != 1 {
				t.Fatalf("got %d log lines, want 1", len(doc.Person.Logs))
			}
			if got := strings.Join(doc.Person.Logs[0].Tags, ","); got != tt.tags {
				t.Errorf("got tags %q, want %q", got, tt.tags)
			}
		})
	}
}

func TestObsidianWarnings(t *testing.T) {
	doc, probs := ParseKind("People/C.md", PersonFile, []byte("---\nEmail: [a@example.com, b@example.com]\n---\n"))
	if doc.Person == nil || doc.Person.Contact.Email != "a@example.com" {
		t.Fatalf("got %+v, want the first email", doc.Person)
	}
	want := "People/C.md:2: warning: email has 2 values; kith keeps the first, a@example.com"
	if len(probs) != 1 || probs[0].Error() != want {
		t.Errorf("got %v, want %s", probs, want)
	}
}

func TestFolderNotes(t *testing.T) {
	f := Folders{People: []string{"People"}, Entries: []string{"Daily"}}
	tests := []struct {
		path string
		want Kind
	}{
		{"Daily/Daily.md", Other},
		{"Daily/2026/2026.md", Other},
		{"People/people.md", Other},
		{"Daily/2026-03-10.md", EntryFile},
		{"People/Dana/Dana Okafor.md", PersonFile},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := f.KindOf(tt.path); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
