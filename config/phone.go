package config

import (
	"errors"

	"github.com/callboard/callboard/api"
)

// resolvePhone settles the phone and the region together: the region a
// number without a country code is read in is the configured one, else
// the region of the supervisor's own phone when that is written with its
// country code (+44 … makes GB), else api.DefaultRegion. The phone is then
// checked and normalised to E.164 in that region, in every layer that
// gives one, so a mistake is reported even where a higher layer overrides
// it, as pick does for other settings.
func (c *Config) resolvePhone(layers [numRanks]layer) []error {
	if _, ok := c.Sources["region"]; !ok {
		for _, l := range layers {
			if _, given := l["region"]; given {
				// The region given was refused (and reported): reading the
				// phone in another would only add a misleading message.
				return nil
			}
		}
		c.regionFrom(c.Phone)
	}
	p := api.PhoneParser{Region: c.Region}
	var errs []error
	for _, l := range layers {
		v, ok := l["phone"]
		if !ok {
			continue
		}
		if _, err := checkText(v.text); err != nil {
			continue // refused by pick already: once is enough
		}
		n, err := p.Normalize("phone", v.text)
		if err != nil {
			errs = append(errs, explain(v.src, "phone", v.text, refusal(err)))
			continue
		}
		if v.src == c.Sources["phone"] {
			c.Phone = n
		}
	}
	return errs
}

// regionFrom sets the region when none is configured: the region of
// phone, if it has one, else api.DefaultRegion.
func (c *Config) regionFrom(phone string) {
	if r := api.PhoneRegion(phone); r != "" {
		c.Region, c.Sources["region"] = r, Source{Kind: KindDefault, Name: "phone"}
		return
	}
	c.Region, c.Sources["region"] = api.DefaultRegion, Source{Kind: KindDefault}
}

// UseRememberedPhone takes the phone the board kept from an earlier run
// (already normalised to E.164), from the state file path, when no phone
// is configured. A region nobody configured follows it, as it follows a
// configured phone.
func (c *Config) UseRememberedPhone(phone, path string) {
	c.Phone, c.Sources["phone"] = phone, Source{Kind: KindRemembered, Name: path}
	if c.Sources["region"].Kind == KindDefault {
		c.regionFrom(phone)
	}
}

// Phones is the parser for numbers people type and the board shows, in
// the configured region; without a configuration, api.DefaultRegion's.
func (c *Config) Phones() api.PhoneParser {
	if c == nil {
		return api.PhoneParser{}
	}
	return api.PhoneParser{Region: c.Region}
}

// checkRegion accepts the region codes libphonenumber knows, in any case.
func checkRegion(v string) (string, error) {
	r, err := api.ParseRegion(v)
	if err != nil {
		return "", refusal(err)
	}
	return r, nil
}

// refusal turns an api.InputError into a check's refusal: its reason
// alone, since the message already names the setting and the value.
func refusal(err error) error {
	var ie *api.InputError
	if errors.As(err, &ie) {
		return refused("%s", ie.Reason)
	}
	return err
}
