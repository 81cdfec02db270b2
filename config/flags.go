package config

import "flag"

// Flags holds the configuration flags registered on one FlagSet. Every
// command registers the same set, so `callboard calls --account N` and
// `callboard --account N` mean the same thing.
type Flags struct {
	config  *string
	strings map[string]*string // by flag name
	bools   map[string]*bool   // by flag name
}

// RegisterFlags adds the configuration flags to fs. Call Load after
// fs.Parse; only the flags actually given override anything.
func RegisterFlags(fs *flag.FlagSet) *Flags {
	f := &Flags{strings: map[string]*string{}, bools: map[string]*bool{}}
	f.config = fs.String(flagConfig, "", "read settings from this TOML `file` (\"\" for none; default "+
		"$XDG_CONFIG_HOME/callboard/config.toml)")
	for _, sp := range specs {
		switch {
		case sp.flag == "":
		case sp.isBool:
			f.bools[sp.flag] = fs.Bool(sp.flag, sp.def == "true", sp.usage)
		default:
			// Defaults are shown in help but never used from here: Load
			// only reads flags that were set (fs.Visit), so that a flag's
			// default cannot hide a value from the environment or file.
			f.strings[sp.flag] = fs.String(sp.flag, sp.def, sp.usage)
		}
	}
	return f
}

// visited returns the flags that were set on the command line, by name,
// as text (booleans as "true"/"false"), and the --config value if given.
func (f *Flags) visited(fs *flag.FlagSet) (vals map[string]string, config string, configSet bool) {
	vals = map[string]string{}
	if f == nil || fs == nil {
		return vals, "", false
	}
	fs.Visit(func(fl *flag.Flag) {
		if fl.Name == flagConfig && f.config != nil {
			config, configSet = *f.config, true
			return
		}
		if p, ok := f.strings[fl.Name]; ok {
			vals[fl.Name] = *p
		}
		if p, ok := f.bools[fl.Name]; ok {
			if *p {
				vals[fl.Name] = "true"
			} else {
				vals[fl.Name] = "false"
			}
		}
	})
	return vals, config, configSet
}
