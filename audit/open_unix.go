//go:build unix

package audit

import "syscall"

// noFollow makes opening a symlink fail in the kernel itself, closing the
// gap between Open's check of the path and the open.
const noFollow = syscall.O_NOFOLLOW
