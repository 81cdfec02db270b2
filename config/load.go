package config

import (
	"errors"
	"strings"

	"github.com/spf13/pflag"
)

// Options are what Load needs besides the flags.
type Options struct {
	// Env reads a variable; nil means os.Getenv. Tests pass a map's lookup
	// so they never depend on, or touch, the real environment and home.
	Env func(string) string
	// KeyNames are the actions [keys] may rebind. Nil skips the check
	// (for callers with no key map); the board passes its action names.
	KeyNames []string
}

// Load works out the effective configuration: flags (only those set) over
// environment over config file over defaults. Call it once the command
// line is parsed, with the flag set RegisterFlags filled (a cobra
// command's Flags(), where its persistent flags are merged); fs may be nil
// when there are no flags. Every problem found is reported, one per line,
// each naming where the bad value came from; the error never contains a
// secret.
func Load(fs *pflag.FlagSet, opts Options) (*Config, error) {
	env := orGetenv(opts.Env)
	flagVals, cfgFlag, cfgFlagSet := setFlags(fs)
	c := &Config{Sources: map[string]Source{}, defaultPath: DefaultConfigPath(env)}
	var errs []error

	var layers [numRanks]layer
	path, from, named := configPath(cfgFlag, cfgFlagSet, env, c.defaultPath)
	if err := checkConfigPlace(path, named, env); path != "" && err != nil {
		errs = append(errs, err) // not read at all: it cannot be trusted
		path = ""
	}
	if path != "" {
		file, ferrs := readConfigFile(path, named, from, opts.KeyNames)
		errs = append(errs, ferrs...)
		if file != nil {
			c.ConfigFile = path
			c.Sources["config"] = from
			layers[rankFile] = file.values
			c.Keys = file.keys
			for name := range file.keys {
				c.Sources["keys."+name] = file.keySources[name]
			}
		}
	}
	envValues, envErrs := envLayer(env)
	errs = append(errs, envErrs...)
	layers[rankFlag] = flagLayer(flagVals)
	layers[rankEnv] = envValues
	layers[rankDefault] = defaultLayer(env)
	if c.Keys == nil {
		c.Keys = map[string][]string{}
	}

	scope, scopeOK := map[string]ranked{}, true
	for _, sp := range specs {
		w, werrs := pick(sp, layers)
		errs = append(errs, werrs...)
		switch {
		case sp.isScope:
			scope[sp.name] = w
			scopeOK = scopeOK && len(werrs) == 0
		case w.ok:
			sp.set(&c.Settings, w.text)
			c.Sources[sp.name] = w.src
		}
	}
	// With a refused piece, resolving would only add a confusing
	// second message about the same lines.
	if scopeOK {
		errs = append(errs, c.resolveScope(scope)...)
	}
	errs = append(errs, c.resolvePhone(layers)...)
	errs = append(errs, c.statePlaces(env)...)
	for _, ss := range secretSpecs {
		for _, l := range layers {
			if v, ok := l[ss.name]; ok {
				*ss.field(&c.Credentials) = NewSecret(v.text, v.src)
				c.Sources[ss.name] = v.src
				break
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// configPath decides which config file to read: --config, else
// CALLBOARD_CONFIG, else the default (which may be absent). --config ""
// reads none, for scripts that must not pick up a person's file.
func configPath(flagVal string, flagSet bool, env func(string) string, def string) (string, Source, bool) {
	if flagSet {
		return strings.TrimSpace(flagVal), Source{Kind: KindFlag, Name: flagConfig}, true
	}
	if v := strings.TrimSpace(env(envConfig)); v != "" {
		return v, Source{Kind: KindEnv, Name: envConfig}, true
	}
	return def, Source{Kind: KindDefault}, false
}

// ranked is a setting's winning value and the rank of its layer.
type ranked struct {
	value
	rank int
	ok   bool
}

// pick checks the setting's value in every layer, so that a mistake is
// reported even where a higher layer overrides it, and returns the value
// of the highest layer that has one.
func pick(sp spec, layers [numRanks]layer) (ranked, []error) {
	var w ranked
	var errs []error
	for rank, l := range layers {
		v, ok := l[sp.name]
		if !ok {
			continue
		}
		text := v.text
		if sp.check != nil {
			norm, err := sp.check(text)
			if err != nil {
				errs = append(errs, explain(v.src, sp.name, text, err))
				continue
			}
			text = norm
		}
		if !w.ok {
			w = ranked{value{text, v.src}, rank, true}
		}
	}
	return w, errs
}
