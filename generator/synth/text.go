package synth

import (
	"math/rand/v2"
	"strings"
)

// text fills sentence templates: {first} {topic} {city} {org} {like} {exp}
// {role} {tag}. Other braces, such as {link}, are left for the caller.
type text struct {
	r     *rand.Rand
	g     *generator
	first string
	org   string // the person's own org, when the text is about one person
}

func newText(r *rand.Rand, g *generator) *text { return &text{r: r, g: g, first: "them"} }

func (t *text) fill(s string) string { return t.fillDepth(s, 0) }

func (t *text) fillDepth(s string, depth int) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		key := s[i+1 : i+j]
		var v string
		switch key {
		case "first":
			v = t.first
		case "topic":
			v = pick(t.r, t.g.topics)
			if depth < 2 {
				v = t.fillDepth(v, depth+1)
			}
		case "city":
			v = pick(t.r, t.g.cities)
		case "org":
			v = pick(t.r, t.g.orgs)
		case "their org":
			v = t.org
			if v == "" {
				v = "their company"
			}
		case "like":
			v = pick(t.r, t.g.likes)
		case "exp":
			v = pick(t.r, t.g.expertise)
		case "role":
			v = pick(t.r, t.g.roles)
		case "tag":
			v = pick(t.r, t.g.tags)
		default:
			v = s[i : i+j+1]
		}
		b.WriteString(v)
		s = s[i+j+1:]
	}
}

// paragraph joins n filled sentences, all different, from pool.
func (t *text) paragraph(pool []string, n int) string {
	parts := pickN(t.r, pool, n)
	t.r.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
	for i, s := range parts {
		parts[i] = t.fill(s)
	}
	return strings.Join(parts, " ")
}

func personLines() []string {
	return []string{
		"{first} has spent the last few years working on {exp} and talks about it with real enthusiasm.",
		"Before joining {their org}, {first} worked as a {role} in {city} and still keeps in touch with that team.",
		"We first got talking about {topic}, and the conversation drifted to {like} within minutes.",
		"{first} is the person I ask when anything about **{exp}** comes up.",
		"Very generous with time: {first} once spent an hour walking me through {topic}.",
		"{first} is thinking about moving to {city} next year, mostly for the {like}.",
		"Prefers short messages over calls, and answers fastest in the morning.",
		"Their team at {their org} is growing, and they are hiring a {role} this quarter.",
		"{first} writes a small newsletter about {exp}; worth reading before we meet.",
		"We disagree about {topic}, which makes for *very* good conversations.",
		"Has two kids and a dog, and organises a monthly dinner for people working on {exp}.",
		"{first} mentors early-career people through a program run by {org}.",
		"Knows half of the {tag} community in {city}, and is happy to make introductions.",
		"Once gave a great talk on {topic}; the slides are still the best summary I know.",
		"{first} is quietly one of the most careful thinkers I know on {exp}.",
		"Grew up in {city}, studied there, and goes back every summer.",
		"Always brings up {like} at some point; a safe topic if things get awkward.",
		"Last time we spoke, {first} was weighing an offer from {org}.",
		"Has strong opinions about `{exp}` tooling and is usually right.",
		"{first} would rather talk about {like} than work, which I find refreshing.",
	}
}

func personLinkLines() []string {
	return []string{
		"Works closely with a {role} at {org}.",
		"Shares an office in {city} with a few other people I know.",
		"Part of the same {tag} circle as a few friends.",
		"Came up in conversation at a dinner about {topic}.",
	}
}

func linkTails() []string {
	return []string{
		"{link} knows {first} well and speaks highly of the work on {exp}.",
		"{first} and {link} co-organised a meetup on {topic}.",
		"Ask {link} for the backstory on {topic}.",
		"{first} introduced me to {link} at a conference in {city}.",
	}
}

func noteItems() []string {
	return []string{
		"Likes **{like}**; a good gift idea.",
		"Ask about {topic} next time.",
		"Prefers email to phone; replies within a day.",
		"Good person to ask about *{exp}*.",
		"Was looking for a {role} for the team at {their org}.",
		"Reading list: a book on {exp}.",
		"Vegetarian; suggest the place near the station in {city}.",
		"Wants an intro to someone working on {topic}.",
		"Send the article about {exp} I mentioned.",
		"Remember: training for a race in {city}.",
		"Speaks at {tag} events a few times a year.",
		"Happy to review drafts about {exp}.",
	}
}

func logLines() []string {
	return []string{
		"Quick call about {topic}. #call",
		"Coffee in {city}; talked about {exp}. #meeting",
		"Sent the notes on {topic}. #email #gave",
		"Introduced {first} to a {role} at {org}. #intro #gave",
		"{first} reviewed my draft on {exp}. #received",
		"{first} sent a lead for a {role} job at {org}. #received #email",
		"Sent a book about {like} for the new job. #gift #gave",
		"Messaged to congratulate on the launch. #message",
		"Helped with {topic} over a long lunch. #help #gave",
		"Caught up at a {tag} meetup. #event",
		"Short note after the panel on {topic}. #note",
		"Shared a podcast episode about {exp}. #message #{tag}",
		"{first} connected me with someone at {org}. #received #intro",
		"Long walk, mostly about {like}. #meeting #{tag}",
	}
}

func thankedLogs() []string {
	return []string{
		"Thanked {first} for the help with {topic}. #thanked #email",
		"Sent a thank-you card and some {like}. #thanked #gift",
		"Bought {first} lunch to say thanks. #thanked #meeting",
		"Thanked {first} for the intro. #thanked #message",
	}
}

func eventGoals() []string {
	return []string{
		"Meet at least three people working on {topic}.",
		"Catch up with the {org} team.",
		"Find a speaker for our meetup on {exp}.",
		"Ask around about {role} openings.",
		"Say thanks in person to everyone who helped with {topic}.",
		"Skip the afternoon sessions; walk around {city} instead.",
		"Listen more than talk.",
	}
}

func entryLines() []string {
	return []string{
		"We talked about {topic} for most of the hour.",
		"{first} mentioned that {org} is looking at {topic} again.",
		"I explained where we are with {exp}, and got a few sharp questions back.",
		"Good energy overall; {first} seemed more relaxed than last time.",
		"We ended up comparing notes on {like}, which was a nice break.",
		"The main takeaway: **start smaller** and ship the first version of {topic} sooner.",
		"{first} suggested talking to a {role} at {org} who went through the same thing.",
		"There is an opening for a {role} in {city}; I said I would pass it along.",
		"I promised to send my notes on {exp} by the end of the week.",
		"Plans for {city} are still up in the air, but probably in the spring.",
		"Not much new on {topic}; the budget decision is still pending.",
		"{first} asked how the {tag} group is doing and wants to come to the next meetup.",
		"We sketched a rough plan for {topic} on a napkin.",
		"*Note to self:* follow up about {exp} before the next call.",
		"The conversation kept returning to {topic}, which says something.",
		"It was loud in the café, so we moved outside and kept going.",
		"{first} recommended a book on {exp}; added it to the list.",
		"Both of us are tired of {topic}, but it has to get done.",
	}
}

func entryLinkLines() []string {
	return []string{
		"Met {link} at the café near the office.",
		"Long call with {link}.",
		"{link} wrote back about {topic}.",
		"Caught up with {link} after a few weeks of silence.",
		"{link} joined for the second half.",
		"Short exchange with {link} about {exp}.",
	}
}

func mentionLines() []string {
	return []string{
		"Should loop in {link} on this at some point.",
		"Reminded me of what {link} said about {topic}.",
		"{link} might know someone at {org}.",
	}
}

func nextSteps() []string {
	return []string{
		"Send the deck on {topic}",
		"Intro to a {role} at {org}",
		"Share notes on {exp}",
		"Book a follow-up in {city}",
		"Read the report on {topic}",
	}
}

func gaveTexts() []string {
	return []string{
		"Reviewed the deck on {topic}",
		"An intro to a {role} at {org}",
		"Notes on {exp}",
		"A reference for the {role} role",
		"Feedback on the talk about {topic}",
	}
}

func receivedTexts() []string {
	return []string{
		"An intro to someone at {org}",
		"Detailed feedback on my draft about {exp}",
		"A lead for a {role} job in {city}",
		"Advice on {topic}",
		"A spare ticket to a {tag} conference",
	}
}

func entryTitles(kind string) []string {
	switch kind {
	case "meeting":
		return []string{"Coffee with {first}", "Lunch with {first} in {city}", "Meeting at {org}", "Walk with {first}", "Breakfast: {topic}"}
	case "call":
		return []string{"Call with {first} about {topic}", "Catch-up call", "Video call: {exp}", "Quick call with {first}"}
	case "email":
		return []string{"Email thread on {topic}", "Email from {first}", "Notes sent after the {exp} chat"}
	case "message":
		return []string{"Messages about {topic}", "Chat with {first}", "Texted {first} about {like}"}
	case "intro":
		return []string{"Intro to {org}", "Introduction: {first} and a {role}", "Intro about {exp}"}
	case "help":
		return []string{"Helped with {topic}", "Pairing on {exp}"}
	case "gift":
		return []string{"A gift for {first}", "Sent {like} to {first}"}
	case "event":
		return []string{"At the {tag} conference", "Hallway chat about {topic}", "Evening reception in {city}"}
	}
	return []string{"Thoughts on {topic}", "Note about {exp}", "Ideas after reading about {topic}"}
}
