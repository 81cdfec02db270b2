// Package api is a client for the RingCX (Engage Voice) Active Calls API.
//
// The active-call list, the answer read every few seconds, is decoded by
// one lenient decoder on github.com/go-json-experiment/json's jsontext
// token reader (decodeCallList, calldecode.go), with the options
// AllowInvalidUTF8 and AllowDuplicateNames: the two things encoding/json
// accepted that jsontext refuses by default. With them, and the field rules
// there, it decodes exactly what encoding/json with the lenient wire types
// did; FuzzDecodeActiveCalls holds it to that.
package api
