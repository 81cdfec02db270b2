package main

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/privfile"
)

// rememberedPhone is the state file that keeps the phone a person typed at
// the board's prompt, beside the audit log and the sign-in store: typing
// it once is enough, and nobody has to edit a config file for it. "" when
// there is no state directory.
func (a *app) rememberedPhone() string {
	dir := config.StateDir(a.env)
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "phone")
}

// recallPhone uses the remembered phone when neither --phone,
// CALLBOARD_PHONE nor the config file gave one, with its file as the
// source `callboard config` shows. The demo neither reads nor writes it:
// its calls are not real, and it keeps nothing between runs. A file that
// cannot be trusted or holds no phone number is ignored (and logged): the
// board asks again.
func (a *app) recallPhone() {
	path := a.rememberedPhone()
	if a.demo || a.cfg.Phone != "" || path == "" {
		return
	}
	b, err := privfile.ReadPrivate(path, "remembered phone", 64)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err == nil {
		var phone string
		if phone, err = a.cfg.Phones().Normalize("remembered phone", strings.TrimSpace(string(b))); err == nil {
			a.cfg.UseRememberedPhone(phone, path)
			return
		}
	}
	a.log.Warn("remembered phone ignored", "file", path, "err", err)
}

// phoneKeeper is the board's RememberPhone: it keeps the number for the
// next run. Nil — the board then says the number is for this run only —
// for the demo, where there is no state directory, and where --phone,
// CALLBOARD_PHONE or the config file sets the phone: the next run would
// use that one, not what is kept.
func (a *app) phoneKeeper() func(string) error {
	path := a.rememberedPhone()
	if a.demo || path == "" || a.cfg != nil && configured(a.cfg.Sources["phone"]) {
		return nil
	}
	return func(phone string) error {
		phone, err := a.cfg.Phones().Normalize("phone", phone)
		if err != nil {
			return err
		}
		return privfile.Replace(path, "remembered phone", []byte(phone+"\n"))
	}
}

// configured reports whether a value was set by a flag, the environment or
// the config file: what the next run will use again.
func configured(s config.Source) bool {
	return s.Kind == config.KindFlag || s.Kind == config.KindEnv || s.Kind == config.KindFile
}
