package serve

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// vault is a journal laid out as an Obsidian vault: kith.yaml names its
// note folders, and other folders hold notes kith does not read.
var vault = map[string]string{
	"kith.yaml":             "title: Vault\nowner: Sam\nfolders:\n  people: [People]\n  entries: [Meetings]\n",
	"People/Dana Okafor.md": "---\naliases: [Dana]\norg: Acme\n---\nDana runs the robotics meetup.\n",
	"People/Lee Park.md":    "---\ntags: [boats]\n---\nLee builds boats.\n",
	"Meetings/2026-03-12 Coffee.md": "---\nwith: [\"[[Dana Okafor]]\"]\n---\n" +
		"Talked about [[Lee Park]].\n",
	"Staff/Ana Silva.md":           "Ana designs bridges.\n",
	"Templates/Person.md":          "---\norg:\n---\n",
	".obsidian/app.json":           "{}\n",
	"content/people/Old Friend.md": "Not read: kith.yaml names other folders.\n",
	"Notes/Team/People/Kim Ito.md": "Kim sails.\n",
}

// eventually fetches a page until it has (or, for "404", is missing) what
// want says, failing the test after wait.
func (h *harness) eventually(p string, want string) {
	h.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		code, body, _ := h.get(p)
		switch {
		case want == "404" && code == http.StatusNotFound,
			want != "404" && code == http.StatusOK && strings.Contains(body, want):
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("GET %s: got status %d, want %q within %s", p, code, want, wait)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestVaultFolders checks that the preview follows the note folders
// kith.yaml names: a save in one updates its page, a save elsewhere does
// nothing, and naming other folders reads the journal again and watches
// them, with fsnotify and with --poll.
func TestVaultFolders(t *testing.T) {
	for _, poll := range []bool{false, true} {
		name := "fsnotify"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			h := start(t, vault, func(o *Options) { o.Poll, o.PollInterval = poll, 20*time.Millisecond })
			h.eventually("/people/lee-park/", "Lee builds boats.")
			h.eventually("/people/old-friend/", "404")
			h.eventually("/people/ana-silva/", "404")

			s := h.subscribe("")
			h.write("Templates/Person.md", "---\norg: Globex\n---\n")
			h.write("Staff/Ana Silva.md", "Ana designs towers.\n")
			h.write("content/people/Old Friend.md", "Still not read.\n")
			s.quiet(10 * DefaultDebounce)

			h.write("People/Lee Park.md", strings.Replace(vault["People/Lee Park.md"], "boats.", "gliders.", 1))
			s.until("reload")
			h.eventually("/people/lee-park/", "Lee builds gliders.")

			h.write("Meetings/2026-04-01 Lunch.md", "---\nwith: [\"[[Lee Park]]\"]\n---\nLunch by the water.\n")
			h.eventually("/people/lee-park/", "2026-04-01")

			// kith.yaml names other folders: the journal is read again.
			h.write("kith.yaml", strings.Replace(vault["kith.yaml"], "people: [People]", "people: [People, Staff, Notes/Team/People]", 1))
			h.eventually("/people/ana-silva/", "Ana designs towers.")
			h.eventually("/people/kim-ito/", "Kim sails.")
			h.write("Staff/Ana Silva.md", "Ana designs harbours.\n")
			h.eventually("/people/ana-silva/", "Ana designs harbours.")
			h.write("Notes/Team/People/Kim Ito.md", "Kim rows.\n")
			h.eventually("/people/kim-ito/", "Kim rows.")

			// A folder named before it exists is watched once made.
			h.write("kith.yaml", strings.Replace(vault["kith.yaml"], "people: [People]", "people: [People, Later/People]", 1))
			h.eventually("/people/ana-silva/", "404")
			h.write("Later/People/Rae Moss.md", "Rae paints.\n")
			h.eventually("/people/rae-moss/", "Rae paints.")

			// Back to content/: the vault's folders are no longer read.
			h.write("kith.yaml", "title: Vault\nowner: Sam\n")
			h.eventually("/people/old-friend/", "Still not read.")
			h.eventually("/people/lee-park/", "404")
		})
	}
}

// TestImageSaved checks that an image saved in a note folder or in the
// attachment folder shows on the page that embeds it, and that a changed
// image is served anew.
func TestImageSaved(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "fsnotify", true: "poll"}[poll], func(t *testing.T) {
			files := with(vault, map[string]string{
				"People/Lee Park.md": "Lee builds boats.\n\n![[lee.png|64]] ![](boat.jpg)\n",
				".obsidian/app.json": `{"attachmentFolderPath": "Attachments"}`,
			})
			h := start(t, files, func(o *Options) { o.Poll, o.PollInterval = poll, 20*time.Millisecond })
			h.eventually("/people/lee-park/", "No image is called lee.png")
			h.write("People/lee.png", "\x89PNG one")
			h.eventually("/people/lee-park/", `<img src="../../files/people/lee.png" alt="lee" width="64">`)
			h.eventually("/files/people/lee.png", "\x89PNG one")
			h.write("People/lee.png", "\x89PNG two")
			h.eventually("/files/people/lee.png", "\x89PNG two")

			// In the attachment folder .obsidian/app.json names, made after
			// the preview started.
			h.eventually("/people/lee-park/", "No image is called boat.jpg")
			h.write("Attachments/boat.jpg", "\xff\xd8 boat")
			h.eventually("/people/lee-park/", `<img src="../../files/attachments/boat.jpg" alt="">`)
			h.write("Attachments/boat.jpg", "\xff\xd8 raft")
			h.eventually("/files/attachments/boat.jpg", "\xff\xd8 raft")
		})
	}
}
