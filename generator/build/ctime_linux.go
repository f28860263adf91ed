package build

import (
	"io/fs"
	"syscall"
)

// sysStat returns a file's inode and change time, which a rename over it
// or a change that keeps its modification time still changes.
func sysStat(info fs.FileInfo) (ino uint64, ctime int64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino, st.Ctim.Sec*1e9 + st.Ctim.Nsec
	}
	return 0, 0
}
