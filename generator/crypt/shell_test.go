package crypt

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestShell(t *testing.T) {
	k := newTestKey(t, 1)
	secret := []byte("<!doctype html><title>Alice Smith</title><p>Acme Corp, met at PyCon</p>")
	tests := []struct {
		name       string
		opts       ShellOptions
		wantScript string
		wantRoot   string
	}{
		{"root page", ShellOptions{Root: "", Name: "index.html"}, `src="_kith/unlock.js"`, `data-root=""`},
		{"nested page", ShellOptions{Root: "../../", Name: "p/3kd9/index.html"}, `src="../../_kith/unlock.js"`, `data-root="../../"`},
		{"root without slash", ShellOptions{Root: "..", Name: "p/index.html"}, `src="../_kith/unlock.js"`, `data-root="../"`},
		{"name escaped", ShellOptions{Root: "../", Name: `p/"><b>x</b>.html`}, `src="../_kith/unlock.js"`, `data-root="../"`},
	}
	payload := regexp.MustCompile(`(?s)<script type="application/octet-stream" id="kith-sealed" data-name="([^"]*)" data-root="[^"]*">([^<]*)</script>`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Sealed = k.Seal(opts.Name, secret)
			page, err := Shell(opts)
			if err != nil {
				t.Fatalf("Shell: %v", err)
			}
			s := string(page)
			for _, want := range []string{
				"This journal is private. Enter the passphrase to unlock.",
				`<meta name="robots" content="noindex, nofollow">`,
				"<title>Private</title>",
				tt.wantScript,
				tt.wantRoot,
			} {
				if !strings.Contains(s, want) {
					t.Errorf("shell: got no %q in\n%s", want, s)
				}
			}
			for _, leak := range []string{"Alice", "Acme", "PyCon"} {
				if strings.Contains(s, leak) {
					t.Errorf("shell: got %q in clear text, want none", leak)
				}
			}
			if strings.Contains(s, "<b>") {
				t.Errorf("shell: got the name unescaped, want it escaped")
			}
			m := payload.FindStringSubmatch(s)
			if m == nil {
				t.Fatalf("shell: got no #kith-sealed element in\n%s", s)
			}
			sealed, err := base64.StdEncoding.DecodeString(m[2])
			if err != nil {
				t.Fatalf("payload: got invalid base64: %v", err)
			}
			if !bytes.Equal(sealed, opts.Sealed) {
				t.Errorf("payload: got %d bytes, want the %d sealed", len(sealed), len(opts.Sealed))
			}
			if got, err := k.Open(html.UnescapeString(m[1]), sealed); err != nil || !bytes.Equal(got, secret) {
				t.Errorf("Open(payload): got %q, %v, want the page", got, err)
			}
		})
	}
}

func TestShellRefusesRoot(t *testing.T) {
	tests := []struct {
		name, root string
		wantErr    bool
	}{
		{"empty", "", false},
		{"dot", "./", false},
		{"relative", "../../", false},
		{"absolute", "/journal/", false},
		{"plain folder", "journal", false},
		{"scheme", "javascript:alert(1)//", true},
		{"protocol-relative", "//evil.example/", true},
		{"query", "../?x", true},
		{"backslash", `..\`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Shell(ShellOptions{Root: tt.root, Name: "index.html"})
			if (err != nil) != tt.wantErr {
				t.Errorf("Shell(Root: %q): got error %v, want error %v", tt.root, err, tt.wantErr)
			}
		})
	}
}

func TestShellPayloadNeedsNoEscaping(t *testing.T) {
	// Bytes whose base64 holds '+' and '/', which must reach the element
	// verbatim: a <script> element never decodes entities.
	sealed := bytes.Repeat([]byte{0xfb, 0xff, 0xbf}, 10)
	page, err := Shell(ShellOptions{Name: "x", Sealed: sealed})
	if err != nil {
		t.Fatalf("Shell: %v", err)
	}
	want := base64.StdEncoding.EncodeToString(sealed)
	if !strings.Contains(want, "+") || !strings.Contains(want, "/") {
		t.Fatalf("test payload %q: want both '+' and '/'", want)
	}
	if !bytes.Contains(page, []byte(">"+want+"</script>")) {
		t.Errorf("shell: got no verbatim payload %q", want)
	}
}

func TestUnlockJS(t *testing.T) {
	js := UnlockJS()
	for _, want := range []string{"_kith/key.json", "PBKDF2", "SHA-256", "AES-GCM", "kith key v1", "indexedDB", "isSecureContext", "Wrong passphrase"} {
		if !bytes.Contains(js, []byte(want)) {
			t.Errorf("unlock.js: got no %q", want)
		}
	}
	js[0] = 'X'
	if UnlockJS()[0] == 'X' {
		t.Errorf("UnlockJS: got shared bytes, want a fresh copy per call")
	}
	if !strings.HasSuffix(UnlockJSPath, ".js") || !strings.HasPrefix(KeyFilePath, "_kith/") {
		t.Errorf("paths: got %q, %q", UnlockJSPath, KeyFilePath)
	}
}

// nodeHarness loads unlock.js into Node (no document, so only the crypto
// core runs) and answers each case read from stdin.
const nodeHarness = `
const fs = require('fs'), vm = require('vm');
vm.runInThisContext(fs.readFileSync(process.argv[1], 'utf8'));
const cases = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const c of cases) {
    try {
      const key = await kith.unwrapKey(JSON.parse(c.keyFile), c.pass);
      const sealed = Uint8Array.from(atob(c.sealed), ch => ch.charCodeAt(0));
      const plain = await kith.openSealed(key, c.name, sealed);
      out.push({ plain: new TextDecoder().decode(plain) });
    } catch (e) {
      out.push({ kind: e.kind || String(e) });
    }
  }
  console.log(JSON.stringify(out));
})();
`

// TestUnlockJSInterop checks that unlock.js's WebCrypto code opens what Go
// wraps and seals, using Node's WebCrypto. It is skipped without node.
func TestUnlockJSInterop(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	k := newTestKey(t, 1)
	file := string(wrapTest(t, k, "pässphrase ✓"))
	v2 := strings.Replace(file, `"v":1`, `"v":2`, 1)
	page := "<!doctype html><p>Zoë Müller 🌱</p>"
	sealed := func(name, text string) string { return base64.StdEncoding.EncodeToString(k.Seal(name, []byte(text))) }
	tampered := k.Seal("index.html", []byte(page))
	tampered[len(tampered)-1] ^= 1

	type jsCase struct {
		KeyFile string `json:"keyFile"`
		Pass    string `json:"pass"`
		Name    string `json:"name"`
		Sealed  string `json:"sealed"`
	}
	tests := []struct {
		name      string
		c         jsCase
		wantPlain string
		wantKind  string
	}{
		{"round trip", jsCase{file, "pässphrase ✓", "p/abc/index.html", sealed("p/abc/index.html", page)}, page, ""},
		{"empty page", jsCase{file, "pässphrase ✓", "index.html", sealed("index.html", "")}, "", ""},
		{"wrong passphrase", jsCase{file, "passphrase ✓", "index.html", sealed("index.html", page)}, "", "passphrase"},
		{"wrong name", jsCase{file, "pässphrase ✓", "other.html", sealed("index.html", page)}, "", "damaged"},
		{"tampered page", jsCase{file, "pässphrase ✓", "index.html", base64.StdEncoding.EncodeToString(tampered)}, "", "damaged"},
		{"unknown key file version", jsCase{v2, "pässphrase ✓", "index.html", sealed("index.html", page)}, "", "version"},
	}
	var cases []jsCase
	for _, tt := range tests {
		cases = append(cases, tt.c)
	}
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	script := t.TempDir() + "/unlock.js"
	if err := os.WriteFile(script, UnlockJS(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, node, "-e", nodeHarness, script)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var results []struct {
		Plain *string `json:"plain"`
		Kind  string  `json:"kind"`
	}
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(tests) {
		t.Fatalf("node output: got %s (%v), want %d results", out, err, len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := results[i]
			if r.Kind != tt.wantKind {
				t.Errorf("error kind: got %q, want %q", r.Kind, tt.wantKind)
			}
			if tt.wantKind == "" && (r.Plain == nil || *r.Plain != tt.wantPlain) {
				t.Errorf("plaintext: got %v, want %q", r.Plain, tt.wantPlain)
			}
		})
	}
}
