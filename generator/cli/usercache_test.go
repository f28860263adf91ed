package cli

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestUserCache(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the folders below are Unix paths")
	}
	home := t.TempDir()
	tests := []struct {
		name string
		vars map[string]string
		want string // the cache folder, "" for no cache
	}{
		{"XDG_CACHE_HOME", map[string]string{"XDG_CACHE_HOME": "/var/cache/me", "HOME": home}, "/var/cache/me/kith"},
		{"HOME when XDG_CACHE_HOME is unset", map[string]string{"HOME": home}, filepath.Join(home, ".cache", "kith")},
		{"a relative XDG_CACHE_HOME is ignored", map[string]string{"XDG_CACHE_HOME": "cache", "HOME": home}, filepath.Join(home, ".cache", "kith")},
		{"no folder at all", map[string]string{}, ""},
		{"a relative HOME", map[string]string{"HOME": "me"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := Env{Getenv: func(k string) string { return tt.vars[k] }}
			got := userCache(env, t.TempDir(), "notes-", ".bin")
			if tt.want == "" {
				if got != "" {
					t.Errorf("got %q, want no cache", got)
				}
				return
			}
			if filepath.Dir(got) != tt.want || !strings.HasPrefix(filepath.Base(got), "notes-") || !strings.HasSuffix(got, ".bin") {
				t.Errorf("got %q, want a notes-*.bin file in %s", got, tt.want)
			}
		})
	}
}
