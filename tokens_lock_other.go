//go:build !unix

package main

import "context"

// LockTokens is a no-op where flock does not exist: concurrent commands
// may then each renew (and a few sign in again).
func (s *fileTokenStore) LockTokens(context.Context) (func(), error) { return func() {}, nil }
