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

// fileGroup is the gid of info's file.
func fileGroup(info fs.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Gid), true
}

// myUID is the user callboard runs as. It is a variable so that a test,
// run as root, can see what a user who is not root is told.
var myUID = os.Getuid

func ownedByMe(info fs.FileInfo) bool {
	uid, ok := fileOwner(info)
	return !ok || uid == myUID()
}
