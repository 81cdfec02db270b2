package main

import "github.com/callboard/callboard/ui"

// themeFor maps the configured theme to styles: auto follows the terminal's
// background, dark and light fix it, none is the colourless theme (what
// NO_COLOR selects).
func themeFor(name string) ui.ThemeFunc {
	switch name {
	case "none":
		return newTheme(true)
	case "dark", "light":
		fixed := newTheme(false)
		return func(bool) ui.Theme { return fixed(name == "dark") }
	}
	return newTheme(false)
}

// newTheme is the board's styles (ui.NewTheme) for a dark or light
// background, or without colour.
func newTheme(noColor bool) ui.ThemeFunc { return ui.NewTheme(noColor) }
