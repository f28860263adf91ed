package contacts

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeProperty(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"3.0 line unchanged", "EMAIL;TYPE=INTERNET;TYPE=pref:ana@example.com", "EMAIL;TYPE=INTERNET;TYPE=pref:ana@example.com"},
		{"no parameters", "FN:Ana Lima", "FN:Ana Lima"},
		{"bare types", "TEL;CELL;PREF:+1 555 0100", "TEL;TYPE=CELL;TYPE=PREF:+1 555 0100"},
		{"grouped with bare type", "item1.TEL;HOME:+1", "item1.TEL;TYPE=HOME:+1"},
		{"quoted-printable line break", "NOTE;ENCODING=QUOTED-PRINTABLE:one=0D=0Atwo=3D", `NOTE:one\ntwo=`},
		{"bare quoted-printable", "NOTE;QUOTED-PRINTABLE:a=3Db", "NOTE:a=b"},
		{"UTF-8 in quoted-printable", "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk", "FN:Öztürk"},
		{"Windows-1252 in quoted-printable", "FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Ren=E9e", "FN:Renée"},
		{"Windows-1252 bytes", "FN;CHARSET=windows-1252:Ren\xe9e", "FN:Renée"},
		{"Latin-1 label", "FN;CHARSET=ISO-8859-1:Ren\xe9e \x80", "FN:Renée €"},
		{"undeclared Windows-1252", "FN:Ren\xe9e", "FN:Renée"},
		{"broken escape kept", "NOTE;ENCODING=QUOTED-PRINTABLE:50=% =ZZ =", "NOTE:50=% =ZZ ="},
		{"other parameters kept", "N;LANGUAGE=en-us;CHARSET=UTF-8:Berg;Annika", "N;LANGUAGE=en-us:Berg;Annika"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalizeProperty(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("normalizeProperty(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"PHOTO;ENCODING=BASE64;JPEG:/9j/", "PHOTO;TYPE=JPEG;ENCODING=b:/9j/", "item2.LOGO;BASE64:AAA"} {
		if got, err := normalizeProperty(in); !errors.Is(err, errDropped) {
			t.Errorf("normalizeProperty(%q) = %q, %v; want it dropped", in, got, err)
		}
	}
}

func TestLineReader(t *testing.T) {
	in := "BEGIN:VCARD\r\n" +
		"NOTE;ENCODING=QUOTED-PRINTABLE:first=\r\n" + // 2: a soft line break, continued unindented
		"second=0D=0A=\r\n" +
		"third\r\n" +
		"FN:Long\r\n" + // 5: folded the 3.0 way
		" er Name\r\n" +
		"PHOTO;ENCODING=BASE64;JPEG:AAAA\r\n" + // 7: base64 lines without a leading space
		"BBBB\r\n" +
		"CCCC==\r\n" +
		"\r\n" +
		"TEL;CELL:1\r\n" + // 11
		"END:VCARD" // 12: no line break at the end
	lr := newLineReader(strings.NewReader(in))
	var got []srcLine
	for {
		l, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	want := []srcLine{
		{1, "BEGIN:VCARD"},
		{2, "NOTE;ENCODING=QUOTED-PRINTABLE:firstsecond=0D=0Athird"},
		{5, "FN:Longer Name"},
		{7, "PHOTO;ENCODING=BASE64;JPEG:AAAA"},
		{10, ""},
		{11, "TEL;CELL:1"},
		{12, "END:VCARD"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// FuzzVCard21 feeds the 2.1 pre-pass and the parser arbitrary files: they must not
// panic, and every contact they return is clean, valid UTF-8 text. Seeded with the
// fixtures; run briefly with go test ./generator/contacts -fuzz FuzzVCard21 -fuzztime 30s.
func FuzzVCard21(f *testing.F) {
	for _, name := range []string{"outlook-21.vcf", "android-21.vcf", "windows-1252.vcf", "utf16.vcf", "google.vcf", "vcard4.vcf"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VCARD\nVERSION:2.1\nN;QUOTED-PRINTABLE:=\n=\nEND:VCARD\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, bad, err := ParseVCard(bytes.NewReader(data), "f.vcf")
		if err != nil && (cs != nil || bad != nil) {
			t.Fatalf("got contacts and error %v", err)
		}
		for _, c := range cs {
			for _, v := range []string{c.Name, c.Org, c.Role, c.Email, c.Phone, c.LinkedIn, c.Website, c.Birthday} {
				if !utf8.ValidString(v) || cleanLine(v) != v {
					t.Fatalf("value %q is not a clean line", v)
				}
			}
			if c.Name == "" || !utf8.ValidString(c.Note) {
				t.Fatalf("contact %+v: empty name or invalid note", c)
			}
		}
	})
}

// TestVCardLongLine checks that a line without end is refused with its number
// instead of being read into memory whole.
func TestVCardLongLine(t *testing.T) {
	in := io.MultiReader(strings.NewReader("BEGIN:VCARD\r\nNOTE:"), io.LimitReader(neverEnding('x'), 9<<20))
	_, _, err := ParseVCard(in, "big.vcf")
	if err == nil || err.Error() != "big.vcf:2: line longer than 8 MB" {
		t.Errorf("got %v, want big.vcf:2: line longer than 8 MB", err)
	}
}

// neverEnding reads as the same byte forever.
type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
