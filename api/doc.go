// Package api is a client for the RingCX (Engage Voice) Active Calls API.
package api
