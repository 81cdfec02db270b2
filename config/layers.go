package config

import (
	"path/filepath"
	"strings"
)

// value is one setting as one source gave it, before it is checked.
type value struct {
	text string
	src  Source
}

// layer is everything one source says, by setting name. Secrets are held
// as values too (already read from their files) but only ever leave the
// package inside a Secret.
type layer map[string]value

// The layers in order of precedence; Load consults them in this order.
const (
	rankFlag = iota
	rankEnv
	rankFile
	rankDefault
	numRanks
)

// flagLayer turns the flags that were set into a layer. Empty values
// count as unset, as they do in the environment and the file.
func flagLayer(set map[string]string) layer {
	l := layer{}
	for _, sp := range specs {
		if v, ok := set[sp.flag]; ok {
			if v = strings.TrimSpace(v); v != "" {
				l[sp.name] = value{v, Source{Kind: KindFlag, Name: sp.flag}}
			}
		}
	}
	return l
}

// envLayer reads the variables. NO_COLOR (https://no-color.org) is a
// request for theme "none"; only a flag outranks it.
func envLayer(env func(string) string) (layer, []error) {
	l := layer{}
	for _, sp := range specs {
		if sp.env == "" {
			continue
		}
		if v := strings.TrimSpace(env(sp.env)); v != "" {
			l[sp.name] = value{v, Source{Kind: KindEnv, Name: sp.env}}
		}
	}
	if env(envNoColor) != "" {
		l["theme"] = value{"none", Source{Kind: KindEnv, Name: envNoColor}}
	}
	var errs []error
	for _, ss := range secretSpecs {
		inline := strings.TrimSpace(env(ss.env))
		path := strings.TrimSpace(env(ss.env + "_FILE"))
		fileSrc := Source{Kind: KindEnv, Name: ss.env + "_FILE"}
		switch {
		case inline != "" && path != "":
			errs = append(errs, problemf("%s and %s are both set: keep one", ss.env, ss.env+"_FILE"))
		case inline != "":
			l[ss.name] = value{inline, Source{Kind: KindEnv, Name: ss.env}}
		case path != "":
			v, err := readSecretFile(path)
			if err != nil {
				errs = append(errs, problemf("%s: %v", fileSrc.atValue(ss.name+"_file", path), err))
				continue
			}
			fileSrc.SecretFile = path
			l[ss.name] = value{v, fileSrc}
		}
	}
	return l, errs
}

// defaultLayer holds the built-in values, including the log and audit
// paths under the XDG state directory (left out when there is none).
func defaultLayer(env func(string) string) layer {
	l := layer{}
	for _, sp := range specs {
		if sp.def != "" {
			l[sp.name] = value{sp.def, Source{Kind: KindDefault}}
		}
	}
	if dir := StateDir(env); dir != "" {
		l["log.file"] = value{filepath.Join(dir, "callboard.log"), Source{Kind: KindDefault}}
		l["audit_log"] = value{filepath.Join(dir, "audit.jsonl"), Source{Kind: KindDefault}}
	}
	return l
}
