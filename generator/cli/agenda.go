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
}

type agendaThank struct {
	Person string `json:"person"`
	Name   string `json:"name"`
	What   string `json:"what"`
	Date   string `json:"date"`
	Source string `json:"source"`
}

type agendaFollowUp struct {
	Person      string `json:"person"`
	Name        string `json:"name"`
	Reason      string `json:"reason"`
	Due         string `json:"due"`
	LastContact string `json:"last_contact"`
}

type agendaUpcoming struct {
	Kind string `json:"kind"`
	Slug string `json:"slug"`
	Name string `json:"name"`
	Date string `json:"date"`
}

func makeAgenda(j *journal.Journal) agenda {
	a := agenda{Today: j.Today.String(), Thank: []agendaThank{}, FollowUp: []agendaFollowUp{}, Upcoming: []agendaUpcoming{}}
	for _, f := range j.Favors {
		a.Thank = append(a.Thank, agendaThank{f.Person.Slug, f.Person.Name, f.What, f.Date.String(), f.Source})
	}
	for _, f := range j.Due() {
		a.FollowUp = append(a.FollowUp, agendaFollowUp{f.Person.Slug, f.Person.Name, f.Reason, f.Due.String(), f.LastContact.String()})
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
