package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"kith/generator/content"
	"kith/generator/journal"
)

// agenda is the JSON shape of `kith agenda --json`.
type agenda struct {
	Today    string           `json:"today"`
	Thank    []agendaThank    `json:"thank"`
	FollowUp []agendaFollowUp `json:"follow_up"`
	Upcoming []agendaUpcoming `json:"upcoming"`
	// Introduce lists people who could meet someone's open need.
	Introduce []agendaIntroduce `json:"introduce"`
	// Help lists open needs your own expertise (owner_expertise) meets.
	Help []agendaHelp `json:"help"`
}

type agendaIntroduce struct {
	Person  string `json:"person"` // who needs it
	To      string `json:"to"`     // who could meet it
	Need    string `json:"need"`
	Because string `json:"because"`
}

type agendaHelp struct {
	Person string `json:"person"`
	Need   string `json:"need"`
}

type agendaThank struct {
	Person string `json:"person"`
	Name   string `json:"name"`
	What   string `json:"what"`
	Date   string `json:"date"`
	Source string `json:"source"`
}

type agendaFollowUp struct {
	Person      string   `json:"person"`
	Name        string   `json:"name"`
	Reason      string   `json:"reason"`
	Due         string   `json:"due"`
	LastContact string   `json:"last_contact"`
	Hooks       []string `json:"hooks"` // up to three reasons to reach out
}

type agendaUpcoming struct {
	Kind string `json:"kind"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	Date string `json:"date"`
}

func makeAgenda(j *journal.Journal) agenda {
	a := agenda{Today: j.Today.String(), Thank: []agendaThank{}, FollowUp: []agendaFollowUp{}, Upcoming: []agendaUpcoming{},
		Introduce: []agendaIntroduce{}, Help: []agendaHelp{}}
	for _, f := range j.Favors {
		a.Thank = append(a.Thank, agendaThank{f.Person.Slug, f.Person.Name, f.What, f.Date.String(), f.Source})
	}
	for _, f := range j.Due() {
		hooks := []string{}
		for _, h := range f.Hooks {
			hooks = append(hooks, h.Text)
		}
		a.FollowUp = append(a.FollowUp, agendaFollowUp{f.Person.Slug, f.Person.Name, f.Reason, f.Due.String(), f.LastContact.String(), hooks})
	}
	for _, m := range j.Introduce {
		a.Introduce = append(a.Introduce, agendaIntroduce{m.Need.Person.Slug, m.Helper.Slug, m.Need.Text, m.Because})
	}
	for _, m := range j.Help {
		a.Help = append(a.Help, agendaHelp{m.Need.Person.Slug, m.Need.Text})
	}
	for _, u := range j.Upcoming(journal.UpcomingWindow) {
		a.Upcoming = append(a.Upcoming, agendaUpcoming{u.Kind, u.Slug(), u.Name(), u.Date.String()})
	}
	return a
}

func runAgenda(ctx context.Context, env Env, args []string) error {
	fs := flags(env, "agenda")
	var jf journalFlags
	jf.register(fs, true)
	var asJSON bool
	fs.BoolVar(&asJSON, "json", false, "print JSON instead of text")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	opt, err := jf.options(env)
	if err != nil {
		return err
	}
	j, err := loadValidJournal(ctx, env, opt)
	if err != nil {
		return err
	}
	a := makeAgenda(j)
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	printAgenda(env.Stdout, j, a)
	return nil
}

// agendaIntroductions is how many introductions the text agenda shows.
const agendaIntroductions = 10

func printAgenda(w io.Writer, j *journal.Journal, a agenda) {
	fmt.Fprintf(w, "Agenda for %s\n", j.Today.Time().Format("Monday 2 January 2006"))
	fmt.Fprintf(w, "\nWho to thank (%d)\n", len(a.Thank))
	if len(a.Thank) == 0 {
		fmt.Fprintln(w, "  nobody is waiting for your thanks")
	}
	for _, f := range j.Favors {
		fmt.Fprintf(w, "  %-22s %s (%s, waiting %d days)\n", f.Person.Name, content.Unlabel(f.What), f.Date, f.Waited)
	}
	due := j.Due()
	fmt.Fprintf(w, "\nFollow-ups due (%d)\n", len(due))
	if len(due) == 0 {
		fmt.Fprintln(w, "  none due")
	}
	for _, f := range due {
		why := map[string]string{
			journal.ReasonFollowUp: "promised follow-up",
			journal.ReasonCadence:  "keep in touch " + f.Person.Cadence.Words(),
			journal.ReasonFading:   "new connection, no contact since meeting",
		}[f.Reason]
		if f.Entry != nil {
			why += ": " + f.Entry.Title
		}
		last := "never"
		if !f.LastContact.IsZero() {
			last = f.LastContact.String()
		}
		fmt.Fprintf(w, "  %-22s %s (due %s, last contact %s)\n", f.Person.Name, why, f.Due, last)
		for _, h := range f.Hooks {
			fmt.Fprintf(w, "  %-22s - %s\n", "", h.Text)
		}
	}
	if len(a.Help) > 0 {
		fmt.Fprintf(w, "\nYou could help (%d)\n", len(a.Help))
		for _, m := range j.Help {
			fmt.Fprintf(w, "  %-22s %s (%s)\n", m.Need.Person.Name, m.Need.Text, m.Because)
		}
	}
	if n := len(j.Introduce); n > 0 {
		fmt.Fprintf(w, "\nYou could introduce (%d)\n", n)
		for _, m := range j.Introduce[:min(n, agendaIntroductions)] {
			fmt.Fprintf(w, "  %-22s to %s for %s (%s)\n", m.Need.Person.Name, m.Helper.Name, m.Need.Text, m.Because)
		}
		if n > agendaIntroductions {
			fmt.Fprintf(w, "  and %d more: kith agenda --json lists them all\n", n-agendaIntroductions)
		}
	}
	up := j.Upcoming(journal.UpcomingWindow)
	fmt.Fprintf(w, "\nNext %d days (%d)\n", journal.UpcomingWindow, len(up))
	if len(up) == 0 {
		fmt.Fprintln(w, "  nothing coming up")
	}
	for _, u := range up {
		what := u.Name()
		if u.Kind == "birthday" {
			what += "'s birthday"
		} else if n := len(u.Event.Attendees); n > 0 {
			what += fmt.Sprintf(" (%s expected)", plural(n, "person", "people"))
		}
		fmt.Fprintf(w, "  %s  %s\n", u.Date, what)
	}
}
