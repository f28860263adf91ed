package cli

import (
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

// TestGoBuildID: the Go build ID is read from the note the linker writes
// (name "Go", type 4) of a little-endian ELF executable, and nothing else
// is taken for it; the program that names itself has one or hashes itself.
func TestGoBuildID(t *testing.T) {
	note := func(name string, typ uint32, desc string) []byte {
		var b []byte
		b = binary.LittleEndian.AppendUint32(b, uint32(len(name)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(desc)))
		b = binary.LittleEndian.AppendUint32(b, typ)
		b = append(b, name...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		return append(b, desc...)
	}
	elf := func(parts ...[]byte) []byte {
		b := append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 57)...)
		for _, p := range parts {
			b = append(b, p...)
		}
		return append(b, make([]byte, 16)...)
	}
	id := "abcDEF012_-/ghi/jkl/mno"
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"the Go note", elf(note("Go\x00\x00", 4, id)), id},
		{"after another note", elf(note("GNU\x00", 3, "xxxxxxxx"), note("Go\x00\x00", 4, id)), id},
		{"not ELF", append([]byte("MZ"), note("Go\x00\x00", 4, id)...), ""},
		{"big-endian ELF", append(append([]byte("\x7fELF\x02\x02\x01"), make([]byte, 57)...), note("Go\x00\x00", 4, id)...), ""},
		{"an empty ID", elf(note("Go\x00\x00", 4, "")), ""},
		{"not printable", elf(note("Go\x00\x00", 4, "ab\ncd")), ""},
		{"cut short", elf(note("Go\x00\x00", 4, id))[:64+16+len(id)/2], ""},
		{"no note", elf([]byte("\x04\x00\x00\x00Go\x00\x00 but no sizes")), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := goBuildID(tt.head); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("this program", func(t *testing.T) {
		got := generatorID()
		if got == "" || got != generatorID() {
			t.Fatalf("got %q, then another; want one name", got)
		}
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, buildIDHead)
		f, err := os.Open(exe)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		n, _ := f.Read(head)
		if id := goBuildID(head[:n]); id != "" && !strings.Contains(got, id) {
			t.Errorf("got %q, want it to name the build ID %q", got, id)
		}
	})
}
