package synth

// The pools below are fixed vocabulary; the seeded source picks from them.
// Names are fictional combinations. Accented letters are ones that fold by
// NFD or by the contract's fold list (é, ñ, ü, ø, ł, æ, ß, ...).

func firstNames() []string {
	return []string{
		"Dana", "Amara", "Noah", "Priya", "Mateo", "Chloé", "Björn", "Zoë", "José", "Inès",
		"Kenji", "Aisha", "Liam", "Sofia", "Omar", "Hana", "Lucas", "Maya", "Tariq", "Elena",
		"Jonas", "Ingrid", "Rafael", "Yuki", "Nadia", "Felix", "Leila", "Andrés", "Mira", "Theo",
		"Ananya", "Samuel", "Freya", "Diego", "Imani", "Oskar", "Léa", "Ravi", "Clara", "Emeka",
		"Astrid", "Nia", "Pablo", "Selin", "Ethan", "Ayumi", "Marek", "Renée", "Kofi", "Greta",
		"Arjun", "Lucía", "Tomás", "Esther", "Malik", "Søren", "Łukasz", "Zofia", "Farah", "Viktor",
		"Anouk", "Idris", "Mei", "Gabriel", "Ama", "Ruth", "Henrik", "Valentina", "Yusuf", "Camille",
		"Ivan", "Keiko", "Miguel", "Adaeze", "Nils", "Paula", "Dmitri", "Sana", "Bruno", "Eliška",
		"Jana", "Matías", "Olu", "Petra", "Rohan", "Sienna", "Tobias", "Uma", "Wanjiru", "Xavier",
		"Yara", "Zain", "Agnes", "Beatriz", "Callum", "Dario", "Effie", "Fatima", "Gideon", "Helga",
		"Ilse", "Joaquín", "Kai", "Lars", "Magnus", "Nour", "Orla", "Quentin", "Rosa", "Signe",
		"Teodor", "Ulla", "Vera", "Wim", "Ximena", "Yannick", "Zsófia", "Anne-Sophie", "Jean-Luc", "Maëlle",
	}
}

func lastNames() []string {
	return []string{
		"Okafor", "Núñez", "Müller", "Lindqvist", "Tanaka", "Haddad", "Kowalski", "Dubois", "Ferreira", "Nakamura",
		"Mensah", "Østergaard", "Gómez", "Rossi", "Schneider", "Patel", "Kim", "Nguyen", "Hernández", "Larsen",
		"Novak", "Petrov", "Costa", "Andersen", "Fischer", "Bianchi", "Yilmaz", "Çelik", "Sato", "Wójcik",
		"Lefèvre", "Moreau", "Adeyemi", "Banerjee", "Castillo", "Dimitriou", "Eriksson", "Fontaine", "García", "Halvorsen",
		"Ibrahim", "Jansen", "Kaur", "Lopez", "Nielsen", "O'Brien", "Papadopoulos", "Quispe", "Ramos", "Suzuki",
		"Takahashi", "Umarov", "Vargas", "Weber", "Xu", "Yamamoto", "Zielińska", "Abara", "Brennan", "Chávez",
		"Delacroix", "Eze", "Fernández", "Gallagher", "Hoffmann", "Iyer", "Jovanović", "Kaplan", "Lund", "Marchetti",
		"Nowak", "Osei", "Park", "Quinn", "Reyes", "Sørensen", "Torres", "Ueda", "Valdés", "Walsh",
		"Xiong", "Young", "Zhang", "Strauß", "Læssøe", "Achterberg", "Bergström", "Carvalho", "Duarte", "Engel",
		"Falk", "Grünwald", "Hakimi", "Ishikawa", "Jaramillo", "Kovač", "Lemaire", "Mwangi", "Nakashima", "Olsen",
		"Pereira", "Rahman", "Salazar", "Thorsen", "Uribe", "Vasquez", "Wagner", "Yoon", "Zapata", "Van der Berg",
	}
}

// nicknames gives common short forms used as aliases.
func nickname(first string) string {
	switch first {
	case "Rafael":
		return "Rafa"
	case "Valentina":
		return "Vale"
	case "Samuel":
		return "Sam"
	case "Gabriel":
		return "Gabe"
	case "Tobias":
		return "Tobi"
	case "Elena":
		return "Lena"
	case "Joaquín":
		return "Quino"
	case "Dmitri":
		return "Dima"
	case "Łukasz":
		return "Łukas"
	case "Zsófia":
		return "Zsófi"
	case "Anne-Sophie":
		return "Annso"
	case "Jean-Luc":
		return "JL"
	case "Beatriz":
		return "Bea"
	case "Theo":
		return "Teddy"
	case "Oskar":
		return "Ossi"
	case "Esther":
		return "Essie"
	case "Ananya":
		return "Annie"
	case "Xavier":
		return "Xavi"
	case "Matías":
		return "Mati"
	}
	return ""
}

// orgNames builds about 150 organisation names from stems and suffixes.
func orgNames() []string {
	stems := []string{
		"Northwind", "Bluefin", "Larkspur", "Copperline", "Tidewater", "Halcyon", "Juniper", "Meridian",
		"Quillfeather", "Redwood", "Saltmarsh", "Brightwater", "Cinderpath", "Driftwood", "Evergreen",
		"Foxglove", "Granite", "Harborview", "Ironbark", "Kestrel", "Lumière", "Moonrise", "Nettle",
		"Orchard", "Pinecrest", "Ravenhill", "Silverbirch", "Thistle", "Umber", "Wildflower",
	}
	suffixes := []string{"Labs", "Analytics", "Studio", "Systems", "Foundation", "Partners"}
	orgs := make([]string, 0, 150)
	for i := range 150 {
		s := i % len(stems)
		k := i / len(stems)
		orgs = append(orgs, stems[s]+" "+suffixes[(s+k)%len(suffixes)])
	}
	return orgs
}

func tagPool() []string {
	return []string{
		"design", "open-source", "investor", "mentor", "hiring", "community", "founder", "speaker",
		"writer", "research", "climate", "health", "fintech", "education", "nonprofit", "ai",
		"security", "data", "product", "marketing", "sales", "legal", "policy", "music",
		"running", "cycling", "cooking", "photography", "parent", "neighbor", "alumni", "conference",
		"podcast", "book-club", "volunteer", "recruiter", "advisor", "friend", "family", "colleague",
	}
}

func expertisePool() []string {
	return []string{
		"distributed systems", "UX research", "tax law", "fundraising", "Kubernetes", "data engineering",
		"brand strategy", "developer relations", "supply chains", "machine learning", "public policy",
		"grant writing", "typography", "accessibility", "pricing", "B2B sales", "community building",
		"security audits", "mobile apps", "product analytics", "technical writing", "hiring pipelines",
		"embedded firmware", "climate finance", "podcast production", "urban planning", "nonprofit boards",
		"Rust", "Go", "Postgres", "compilers", "clinical trials", "employment law", "copywriting",
		"event planning", "venture debt", "open-source licensing", "design systems", "SEO", "logistics",
		"negotiation", "career coaching", "data visualization", "payments", "search ranking",
	}
}

func likesPool() []string {
	return []string{
		"espresso", "jazz records", "trail running", "sourdough", "board games", "sci-fi novels",
		"Thai food", "dark chocolate", "vinyl", "bouldering", "gardening", "chess", "cycling tours",
		"green tea", "ramen", "crosswords", "film photography", "karaoke", "hiking", "sailing",
		"mechanical keyboards", "podcasts about history", "salsa dancing", "natural wine", "dumplings",
		"birdwatching", "woodworking", "pottery", "tennis", "yoga", "comic books", "old maps",
		"fountain pens", "live music", "street food", "swimming", "cold brew", "poetry", "origami",
		"craft beer", "marathons", "houseplants", "baking", "puzzles", "football",
	}
}

func cityPool() []string {
	return []string{
		"Lisbon", "Berlin", "Zürich", "São Paulo", "Kraków", "Malmö", "Nairobi", "Lagos", "Toronto",
		"Montréal", "Osaka", "Seoul", "Bogotá", "Mexico City", "Austin", "Portland", "Edinburgh",
		"Dublin", "Reykjavík", "Oslo", "Copenhagen", "Tallinn", "Athens", "Istanbul", "Cape Town",
		"Accra", "Melbourne", "Auckland", "Singapore", "Bengaluru", "Pune", "Vancouver", "Lyon",
		"Porto", "Valencia",
	}
}

func rolePool() []string {
	return []string{
		"Staff Engineer", "Product Manager", "Designer", "Founder", "CTO", "Data Scientist", "Recruiter",
		"Partner", "Researcher", "Editor", "Engineering Manager", "Head of Growth", "Developer Advocate",
		"Program Officer", "Attorney", "Product Designer", "Sales Lead", "COO", "Principal Consultant",
		"Community Manager", "Analyst", "Professor", "Journalist", "Operations Lead", "Security Engineer",
		"Chief of Staff", "Investor", "Architect", "Policy Advisor", "Teacher",
	}
}

func wherePool() []string {
	return []string{
		"a meetup on {topic}", "a friend's dinner party", "the coworking space", "a conference hallway",
		"a workshop in {city}", "the climbing gym", "our kids' school", "a hackathon", "a panel I moderated",
		"a podcast recording", "an alumni event", "a Slack community", "a train to {city}", "a wedding in {city}",
		"a board meeting", "an online course", "a book club", "a job interview", "the neighborhood café",
		"a volunteering day", "a startup demo day", "a pitch competition", "a running club", "a design sprint",
	}
}

func topicPool() []string {
	return []string{
		"the migration to Postgres", "their seed round", "hiring a first designer", "remote onboarding",
		"pricing experiments", "a new open-source release", "the accessibility audit", "burnout",
		"moving to {city}", "a book on negotiation", "the grant application", "their board deck",
		"a side project about maps", "the on-call rotation", "community guidelines", "a podcast idea",
		"salary bands", "the conference talk", "a career switch into data", "the customer interviews",
		"the rewrite in Rust", "a mentoring program", "parental leave", "the product launch",
		"a partnership with {org}", "search quality", "their first hire", "an offsite in {city}",
		"the design system", "a newsletter", "climate disclosures", "a research paper", "the API redesign",
		"an intro to investors", "writing a book", "the hiring freeze", "a sabbatical", "user research",
		"a security incident", "a community meetup",
	}
}

func eventStems() []string {
	return []string{
		"Open Source Summit", "Design Systems Day", "Data Council", "Climate Tech Forum", "Founders Breakfast",
		"DevRel Meetup", "Product Camp", "Security Week", "Civic Tech Night", "Writers Retreat",
		"Growth Conference", "AI Ethics Salon", "Go Meetup", "Rust Unconference", "Fintech Mixer",
	}
}
