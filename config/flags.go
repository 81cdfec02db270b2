package config

import (
	"strings"

	"github.com/spf13/pflag"
)

// RegisterFlags adds the configuration flags to fs: every setting of specs
// that has a flag, and --config. callboard registers them as the root
// command's persistent flags, so that `callboard calls --account N` and
// `callboard --account N calls` mean the same thing, and a setting added to
// specs is a flag of every command with nothing else to write.
//
// Defaults are shown in help but never used from here: Load reads only the
// flags that were set, so that a flag's default cannot hide a value from
// the environment or the file.
func RegisterFlags(fs *pflag.FlagSet) {
	fs.String(flagConfig, "", `read settings from this TOML file ("" for none; default $XDG_CONFIG_HOME/callboard/config.toml)`)
	for _, sp := range specs {
		// A `word` in backquotes names the argument for readers of specs;
		// help prints usage as written, so the quotes go. The variable
		// that also sets it is named, as help is where people look.
		usage := strings.ReplaceAll(sp.usage, "`", "")
		if sp.env != "" {
			usage += ", or $" + sp.env
		}
		switch {
		case sp.flag == "":
		case sp.isBool:
			fs.Bool(sp.flag, sp.def == "true", usage)
		default:
			fs.String(sp.flag, sp.def, usage)
		}
	}
}

// setFlags returns the configuration flags set on the command line, by
// name, as text (booleans as "true"/"false"), and the --config value if it
// was given. pflag marks a flag Changed when the command line sets it,
// wherever cobra merged it from.
func setFlags(fs *pflag.FlagSet) (vals map[string]string, config string, configSet bool) {
	vals = map[string]string{}
	if fs == nil {
		return vals, "", false
	}
	if fl := fs.Lookup(flagConfig); fl != nil && fl.Changed {
		config, configSet = fl.Value.String(), true
	}
	for _, sp := range specs {
		if fl := fs.Lookup(sp.flag); sp.flag != "" && fl != nil && fl.Changed {
			vals[sp.flag] = fl.Value.String()
		}
	}
	return vals, config, configSet
}
