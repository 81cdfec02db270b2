// Package config works out callboard's effective settings and remembers
// where each one came from, so that `callboard config` can answer "why is
// it using that?" and every error can point at the line to fix.
//
// Precedence is flags > environment > config file > defaults. The
// environment uses RingCentral's own variable names for credentials
// (RINGCENTRAL_CLIENT_ID, RINGCENTRAL_JWT, …) so that an existing RingCentral
// setup works unchanged. The config file is TOML at
// $XDG_CONFIG_HOME/callboard/config.toml, or the file named by --config or
// CALLBOARD_CONFIG.
//
// Every value any source gives is validated, including one a higher source
// overrides: a broken config file is reported today rather than on the day
// the flag that hid it is dropped from a cron job.
//
// Credentials are held in Secret values that never print their contents,
// and no error this package returns contains one.
package config
