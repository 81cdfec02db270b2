//go:build !unix

package audit

// noFollow is unavailable here; Open's before-and-after checks of the path
// still refuse a symlink.
const noFollow = 0
