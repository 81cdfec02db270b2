//go:build unix

package privfile

import (
	"io/fs"
	"os"
	"syscall"
)

// noFollow makes opening a symlink fail in the kernel itself, closing the
// gap between the check of the path and the open.
const noFollow = syscall.O_NOFOLLOW

// fileOwner is the uid that owns info's file. It is a variable so that a
// test, run as one user, can make a file look like another user's.
var fileOwner = func(info fs.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

func ownedByMe(info fs.FileInfo) bool {
	uid, ok := fileOwner(info)
	return !ok || uid == os.Getuid()
}
