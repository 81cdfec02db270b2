package config

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/callboard/callboard/internal/privfile"
	"github.com/callboard/callboard/internal/shown"
)

// fileSettings is what the config file contributes.
type fileSettings struct {
	values     layer
	keys       map[string][]string // only the actions the file rebinds
	keySources map[string]Source   // by action name
}

// readConfigFile reads and checks the config file at path. named says the
// person asked for this file (--config, CALLBOARD_CONFIG), in which case
// its absence is an error; the default file is optional. from is where
// the path came from, for messages. keyNames, when not nil, are the
// actions [keys] may rebind.
func readConfigFile(path string, named bool, from Source, keyNames []string) (*fileSettings, []error) {
	doc, info, err := readSmallFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !named {
			return nil, nil
		}
		if named {
			return nil, []error{problemf("%s: %v", from.atValue(flagConfig, path), fileError(path, err))}
		}
		return nil, []error{fileError(path, err)}
	}
	var fc fileConfig
	dec := toml.NewDecoder(bytes.NewReader(doc)).DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		return nil, decodeProblems(path, err)
	}
	lines := keyLines(doc)
	at := func(key string) Source { return Source{Kind: KindFile, Name: path, Line: lines[key]} }
	dir := filepath.Dir(path)

	out := &fileSettings{values: layer{}}
	var errs []error
	for name, v := range fc.plain() {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if isPathSetting(name) {
			v = relativeTo(dir, v)
		}
		out.values[name] = value{v, at(name)}
	}

	inline, secrets := false, fc.secrets()
	for _, ss := range secretSpecs {
		pair := secrets[ss.name]
		val, file := strings.TrimSpace(pair[0]), strings.TrimSpace(pair[1])
		inline = inline || val != ""
		switch {
		case val != "" && file != "":
			src := at(ss.name)
			if l := lines[ss.name+"_file"]; l < src.Line {
				src.Line = l
			}
			errs = append(errs, problemf("%s: %s and %s are both set: keep one", src.fileLine(), ss.name, ss.name+"_file"))
		case val != "":
			out.values[ss.name] = value{val, at(ss.name)}
		case file != "":
			src := at(ss.name + "_file")
			file = relativeTo(dir, file)
			secret, err := readSecretFile(file)
			if err != nil {
				errs = append(errs, problemf("%s: %v", src.atValue(ss.name+"_file", file), err))
				continue
			}
			src.SecretFile = file
			out.values[ss.name] = value{secret, src}
		}
	}
	if e := privfile.Exposure(info); inline && e != "" {
		// Refused outright, not just warned about: by the time anyone
		// reads a warning the secret may already have been copied (or,
		// writable, the server it is sent to changed).
		errs = append(errs, problemf("%s holds secrets and is %s: run chmod 600 %s", shown.Value(path), e, shown.Value(path)))
	}

	keys, keyErrs := checkKeys(fc.Keys, keyNames, at)
	out.keys, out.keySources = keys, map[string]Source{}
	for name := range keys {
		out.keySources[name] = at("keys." + name)
	}
	errs = append(errs, keyErrs...)
	return out, errs
}

// relativeTo makes a relative path in the config file relative to the
// file's own directory, so the file means the same thing from any working
// directory (cron runs in $HOME, people in their project).
func relativeTo(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func isPathSetting(name string) bool {
	for _, sp := range specs {
		if sp.name == name {
			return sp.isPath
		}
	}
	return false
}
