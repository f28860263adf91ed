package site

import (
	"context"
	"reflect"
	"slices"
	"sort"
	"testing"

	"kith/generator/content"
	"kith/generator/journal"
	"kith/generator/page"
)

// TestFingerprintCoversModel fails when a record of the model that a
// person's or an entry's page shows gains a field: the fingerprint
// (fingerprint.go) must then write it too, or say here why the page cannot
// show it, before the field is listed.
func TestFingerprintCoversModel(t *testing.T) {
	tests := []struct {
		name    string
		typ     any
		covered []string
	}{
		{"journal.Person", journal.Person{}, []string{"Person", // the note: its Sum
			"Org", "Tags", "IntroducedBy", "Introduced", "Interactions", "Entries", "Events", "Mentions", "LastContact",
			"Favors", "FollowUps", "Cadence", "Needs", "Threads"}},
		{"journal.Interaction", journal.Interaction{}, []string{"Date", "Kind", "Person", "Entry", "Log", "Gave", "Received", "Thanked", "Source"}},
		{"content.LogLine", content.LogLine{}, []string{"Line", "Date", "Text", "Tags",
			"Links"}}, // Links are read from Text
		{"journal.Mention", journal.Mention{}, []string{"Person", "Entry", "Event", "Line"}},
		{"journal.Favor", journal.Favor{}, []string{"Person", "What", "Date", "Waited", "Entry", "Source"}},
		{"journal.FollowUp", journal.FollowUp{}, []string{"Person", "Reason", "Due", "Overdue", "LastContact", "Entry", "Source", "Hooks"}},
		{"journal.Hook", journal.Hook{}, []string{"Kind", "Text"}},
		{"content.Cadence", content.Cadence{}, []string{"N", "Unit"}},
		{"journal.Need", journal.Need{}, []string{"Person", "Text", "Date", "Source", "Open", "You", "Help"}},
		{"journal.Match", journal.Match{}, []string{"Need", // the need being written
			"Helper", "Field", "Term", "Words", "Because"}},
		{"journal.Intro", journal.Intro{}, []string{"People", "Date", "Source", "Entry", "Outcome", "OutcomeDate", "OutcomeSource"}},
		{"journal.Entry", journal.Entry{}, []string{"Entry", // the note: its Sum
			"Title", "People", "Event", "Tags"}},
		{"page.EntriesYearView", page.EntriesYearView{}, []string{"Year", "Total", "Entries", "Pager"}},
		{"page.OrgView", page.OrgView{}, []string{"Org", "People", "Pager"}},
		{"page.TagView", page.TagView{}, []string{"Tag", "People", "Entries", "AllPeople", "AllEntries", "Pager"}},
		{"page.PersonRow", page.PersonRow{}, []string{"Person", // its note, organisation and last contact (the rows print no more)
			"Link", "OrgLink", "Tags"}},
		{"page.PeopleView", page.PeopleView{}, []string{"Order", "Tabs", "Lede", "All", "Groups", "Pager", "Filter", "Home"}},
		{"page.PeopleTab", page.PeopleTab{}, []string{"Label", "Link", "Current", "Count"}},
		{"page.PeopleGroup", page.PeopleGroup{}, []string{"Name", "Link", "Rows"}},
		{"page.PeopleRow", page.PeopleRow{}, []string{"Name", "Link", "Org", "Last"}},
		{"page.ThanksView", page.ThanksView{}, []string{"Open", "Pager", "First", "Connectors", "Connected", "Recent"}},
		{"page.ThanksRow", page.ThanksRow{}, []string{"Who", "Link", "What", "Markdown", "Date", "Entry"}},
		{"page.FavorRow", page.FavorRow{}, []string{"Who", "WhoLink", "What", "Date", "Waited", "EntryLink"}},
		{"page.ConnectorsView", page.ConnectorsView{}, []string{"Rows", "Pager"}},
		{"page.ConnectorRow", page.ConnectorRow{}, []string{"Who", "Link", "Introduced"}},
		{"page.FollowUpsView", page.FollowUpsView{}, []string{"Overdue", "Promised", "Cadence", "Fading", "Pending", "ComingUp"}},
		{"page.FollowUpSection", page.FollowUpSection{}, []string{"Rows", "Rest", "Total"}},
		{"page.FollowUpRow", page.FollowUpRow{}, []string{"Who", "WhoLink", "Reason", "What", "EntryTitle", "EntryLink", "Overdue",
			"When", "Due", "LastContact", "Hooks"}},
		{"page.PeopleFilterRow", page.PeopleFilterRow{}, []string{"Name", "Address", "Org", "Last",
			"Search"}}, // from the note alone (page.searchText)
		{"journal.Event", journal.Event{}, []string{"Event", // the note: its Sum
			"Attendees", "Entries"}},
		{"page.EventView", page.EventView{}, []string{"Event", "Past", "Today", "Attendees"}}, // Past and Today: the day
		{"page.Attendee", page.Attendee{}, []string{"Person", // fingerprint.go's event
			"Link", "Aliases", "Birthday", "Phone", "Email"}}, // from the note and the address
		{"page.Pager", page.Pager{}, []string{"N", "Pages", "From", "To", "Total", "Prev", "Next", "Links"}},
		{"page.PageLink", page.PageLink{}, []string{"N", "Label", "Link", "Current", "Gap"}},
		{"journal.Org", journal.Org{}, []string{"Name", "Slug",
			"People"}}, // a person's page links their organisation, never lists its people
		{"journal.Tag", journal.Tag{}, []string{"Name", "Slug",
			"People", "Entries"}}, // a page links a tag, never lists what it has
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ := reflect.TypeOf(tt.typ)
			var got []string
			for i := range typ.NumField() {
				if f := typ.Field(i); f.IsExported() {
					got = append(got, f.Name)
				}
			}
			sort.Strings(got)
			want := slices.Clone(tt.covered)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Errorf("got fields %v, want %v: a field the fingerprint does not cover?", got, want)
			}
		})
	}
}

// TestFingerprintParts: each global part of the fingerprints has a digest
// of its own, the same for the same journal, and a change of one (a day
// later) changes that part alone, so that an update can say which one
// made it render every page.
func TestFingerprintParts(t *testing.T) {
	notes := sampleNotes(t)
	prints := func(today journal.Date) Prints {
		t.Helper()
		opt := options(notes)
		opt.Today = today
		s, _, err := Load(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		return s.Fingerprints("test")
	}
	a, b := prints(goldenToday), prints(goldenToday)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("got other fingerprints for the same journal")
	}
	seen := map[Fingerprint]string{}
	for _, p := range a.Global {
		if other, ok := seen[p.Print]; ok || p.Print == (Fingerprint{}) {
			t.Errorf("%s: got the digest of %q (or none), want one of its own", p.Name, other)
		}
		seen[p.Print] = p.Name
	}
	for _, name := range []string{"calendar.ics", "people/people.json", "follow-ups/index.html"} {
		if _, ok := a.Pages[name]; !ok {
			t.Errorf("%s: got no fingerprint, want one", name)
		}
	}
	c := prints(goldenToday.AddDays(1))
	for i, p := range c.Global {
		if changed := p.Print != a.Global[i].Print; changed != (p.Name == "the day or --drafts") && p.Name != "the counts in the header" {
			t.Errorf("%s: got changed %v a day later", p.Name, changed)
		}
	}
}
