package content

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"reflect"
	"testing"
)

// fill sets every field of v (a pointer) to a random value, reaching into
// structs, slices and pointers, so that a field the cache forgets to write
// shows as a difference. Slices are nil, empty or filled at random: the
// cache must keep nil and empty apart, as reflect.DeepEqual does.
func fill(rnd *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 3 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(rnd, v.Elem(), depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(rnd, v.Field(i), depth)
			}
		}
	case reflect.Slice:
		switch rnd.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + rnd.IntN(3)
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(rnd, v.Index(i), depth)
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(rnd, v.Index(i), depth)
		}
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d\x00ü%d", rnd.IntN(1000), rnd.Int64()))
	case reflect.Bool:
		v.SetBool(rnd.IntN(2) == 0)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(rnd.Int64N(1<<40) - 1<<39)
	case reflect.Uint8:
		v.SetUint(uint64(rnd.IntN(256)))
	default:
		panic("fill: no rule for " + v.Type().String())
	}
}

// randomDocs makes a set of documents of every kind with every field set.
func randomDocs(rnd *rand.Rand, n int) *Set {
	s := &Set{Config: Config{Folders: DefaultFolders()}, Docs: map[string]Doc{}, Problems: map[string]Problems{}}
	dirs := []string{DefaultPeopleDir, DefaultEntriesDir, DefaultEventsDir, "elsewhere"}
	for i := range n {
		k := i % 4
		p := fmt.Sprintf("%s/note %d.md", dirs[k], i)
		var d Doc
		switch k {
		case 0:
			fill(rnd, reflect.ValueOf(&d.Person).Elem(), 0)
		case 1:
			fill(rnd, reflect.ValueOf(&d.Entry).Elem(), 0)
		case 2:
			fill(rnd, reflect.ValueOf(&d.Event).Elem(), 0)
		}
		d.setSum(sha256.Sum256([]byte(p))) // as a load sets it: the body's too
		s.Docs[p] = d
		var probs Problems
		fill(rnd, reflect.ValueOf(&probs).Elem(), 0)
		if len(probs) > 0 {
			s.Problems[p] = probs
		}
	}
	return s
}

// TestCacheRoundTrip: every field of every kind of note, and its problems,
// come out of the cache as they went in; nothing else does.
func TestCacheRoundTrip(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			s := randomDocs(rnd, 12)
			private := "content/people/private.md"
			s.Docs[private] = Doc{Private: true, Sum: [32]byte{1}}
			unread := "content/people/unread.md"
			s.Docs[unread] = Doc{} // a note that could not be read has no hash
			c, err := DecodeCache(s.EncodeCache("key"), "key")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := c.Len(), len(s.Docs)-2; got != want {
				t.Errorf("got %d notes in the cache, want %d (not the private one, not the unread one)", got, want)
			}
			for p, d := range s.Docs {
				got, probs, ok := c.lookup(p, s.Config.Folders.KindOf(p), d.Sum)
				if p == private || p == unread {
					if ok {
						t.Errorf("%s: got it from the cache, want it left out", p)
					}
					continue
				}
				if !ok {
					t.Fatalf("%s: not in the cache", p)
				}
				if !reflect.DeepEqual(got, d) {
					t.Errorf("%s: got %+v, want %+v", p, got, d)
				}
				if !reflect.DeepEqual(probs, s.Problems[p]) {
					t.Errorf("%s: got problems %#v, want %#v", p, probs, s.Problems[p])
				}
				if _, _, ok := c.lookup(p, s.Config.Folders.KindOf(p)+1, d.Sum); ok {
					t.Errorf("%s: found under another kind", p)
				}
				other := d.Sum
				other[0] ^= 1
				if _, _, ok := c.lookup(p, s.Config.Folders.KindOf(p), other); ok {
					t.Errorf("%s: found under another hash", p)
				}
			}
		})
	}
}

// TestCacheRefused: a cache of another key, a truncated one and one with a
// byte changed are refused whole.
func TestCacheRefused(t *testing.T) {
	s := randomDocs(rand.New(rand.NewPCG(3, 4)), 8)
	good := s.EncodeCache("key")
	if _, err := DecodeCache(good, "key"); err != nil {
		t.Fatalf("the good cache: %v", err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 0x10
	tests := []struct {
		name string
		data []byte
		key  string
	}{
		{"another key", good, "other"},
		{"empty", nil, "key"},
		{"truncated", good[:len(good)-1], "key"},
		{"half", good[:len(good)/2], "key"},
		{"a byte changed", flipped, "key"},
		{"another format", append([]byte("# kith: the hash of each journal file\n"), good...), "key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := DecodeCache(tt.data, tt.key); err == nil {
				t.Errorf("got a cache of %d notes, want an error", c.Len())
			}
		})
	}
}

// FuzzDecodeCache: whatever the bytes, decoding and looking every note up
// never panics nor allocates without bound. The checksum is made right
// for the fuzzed bytes, so that the decoder under it is what is fuzzed.
func FuzzDecodeCache(f *testing.F) {
	rnd := rand.New(rand.NewPCG(5, 6))
	for n := range 4 {
		f.Add(randomDocs(rnd, n).EncodeCache("k")[len(cacheMagic):])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		data := append([]byte(cacheMagic), b...)
		data = binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, crcTable))
		c, err := DecodeCache(data, "k")
		if err != nil {
			return
		}
		for _, e := range c.index {
			c.lookup(e.path, e.kind, e.sum)
		}
	})
}
