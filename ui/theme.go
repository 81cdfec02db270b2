package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme is every style the board uses, by role. NewTheme declares the
// product's palettes once, for a dark or light background or without colour
// (NO_COLOR); main's theme.go picks one from the configuration. The board's
// tests draw with these same styles.
type Theme struct {
	Title, Account, Badge, Muted, Rule lipgloss.Style
	// Freshness line states.
	Live, Stale, Paused, Failed lipgloss.Style
	// Counts and thresholds.
	Count, Warn, Alert lipgloss.Style

	ColumnHeader, SortedHeader lipgloss.Style
	// Selected is applied to the whole selected row (reverse video, so it
	// survives NO_COLOR); StaleRows dims the table while data is old.
	Selected, StaleRows, Ended, New lipgloss.Style
	Queued, Talking, OtherState     lipgloss.Style
	RecOn, RecOff, Mine             lipgloss.Style
	Spinner                         lipgloss.Style
	// Agent states callboard knows (api.AgentClass); others stay plain.
	Available, Engaged, Away, WrapUp, LoggedOut lipgloss.Style
	// Tab is a view's name on the tab line; TabActive the one on screen.
	Tab, TabActive lipgloss.Style

	ToastOK, ToastErr, ToastInfo lipgloss.Style

	Dialog, DialogTitle, Danger, Key, Label, Input, InputErr lipgloss.Style

	HelpKey, HelpDesc, HelpSep lipgloss.Style

	// LoadDone and LoadToDo colour a long first load's progress bar (its
	// characters alone read without colour).
	LoadDone, LoadToDo color.Color

	// Bar marks the selected row in the gutter.
	Bar string
}

// ThemeFunc builds the theme for a dark or light terminal background; the
// board asks the terminal which it has and rebuilds when it answers.
type ThemeFunc func(dark bool) Theme

// NewTheme returns the board's styles for a dark or light background.
// Colours are chosen per background (the board asks the terminal which it
// has); with noColor (NO_COLOR set to anything) there is no colour at all,
// only bold, faint and reverse video, so the board stays fully usable.
func NewTheme(noColor bool) ThemeFunc {
	if noColor {
		return func(bool) Theme { return monochrome() }
	}
	return func(dark bool) Theme {
		pick := lipgloss.LightDark(dark)
		var (
			ok     = pick(lipgloss.Color("#1a7f37"), lipgloss.Color("#3fb950"))
			warn   = pick(lipgloss.Color("#9a6700"), lipgloss.Color("#d29922"))
			alert  = pick(lipgloss.Color("#cf222e"), lipgloss.Color("#f85149"))
			muted  = pick(lipgloss.Color("#6e7781"), lipgloss.Color("#8b949e"))
			accent = pick(lipgloss.Color("#0969da"), lipgloss.Color("#58a6ff"))
			text   = pick(lipgloss.Color("#1f2328"), lipgloss.Color("#e6edf3"))
			badge  = pick(lipgloss.Color("#8250df"), lipgloss.Color("#a371f7"))
			rule   = pick(lipgloss.Color("#d0d7de"), lipgloss.Color("#30363d"))
		)
		fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
		return Theme{
			Title:   fg(accent).Bold(true),
			Account: fg(text).Bold(true),
			Badge:   lipgloss.NewStyle().Background(badge).Foreground(lipgloss.Color("#ffffff")).Bold(true),
			Muted:   fg(muted),
			Rule:    fg(rule),

			Live:   fg(ok),
			Stale:  fg(warn).Bold(true),
			Paused: fg(muted),
			Failed: fg(alert).Bold(true),

			Count: fg(text).Bold(true),
			Warn:  fg(warn).Bold(true),
			Alert: fg(alert).Bold(true),

			ColumnHeader: fg(muted).Bold(true),
			SortedHeader: fg(accent).Bold(true),

			Selected:   lipgloss.NewStyle().Reverse(true),
			StaleRows:  fg(muted).Faint(true),
			Ended:      fg(muted),
			New:        fg(ok),
			Queued:     fg(warn),
			Talking:    fg(text),
			OtherState: fg(accent),
			RecOn:      fg(alert),
			RecOff:     fg(muted),
			Mine:       fg(accent).Bold(true),
			Spinner:    fg(accent),

			Available: fg(ok),
			Engaged:   fg(text),
			Away:      fg(warn),
			WrapUp:    fg(accent),
			LoggedOut: fg(muted).Faint(true),
			Tab:       fg(muted),
			TabActive: fg(accent).Bold(true).Reverse(true),

			ToastOK:   fg(ok),
			ToastErr:  fg(alert).Bold(true),
			ToastInfo: fg(muted),

			Dialog:      lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
			DialogTitle: fg(text).Bold(true),
			Danger:      fg(alert).Bold(true),
			Key:         fg(accent).Bold(true),
			Label:       fg(muted),
			Input:       fg(text),
			InputErr:    fg(alert),

			HelpKey:  fg(accent),
			HelpDesc: fg(muted),
			HelpSep:  fg(rule),

			LoadDone: accent,
			LoadToDo: rule,

			Bar: "▌",
		}
	}
}

// monochrome is the NO_COLOR theme: attributes only.
func monochrome() Theme {
	plain := lipgloss.NewStyle()
	bold := plain.Bold(true)
	return Theme{
		Title: bold, Account: bold, Badge: plain.Reverse(true), Muted: plain, Rule: plain,
		Live: plain, Stale: bold, Paused: plain, Failed: bold,
		Count: bold, Warn: bold, Alert: bold.Underline(true),
		ColumnHeader: bold, SortedHeader: bold.Underline(true),
		Selected: plain.Reverse(true), StaleRows: plain.Faint(true), Ended: plain, New: bold,
		Queued: plain, Talking: plain, OtherState: plain, RecOn: bold, RecOff: plain, Mine: bold, Spinner: plain,
		Available: plain, Engaged: plain, Away: plain, WrapUp: bold, LoggedOut: plain.Faint(true),
		Tab: plain, TabActive: bold.Reverse(true),
		ToastOK: plain, ToastErr: bold, ToastInfo: plain,
		Dialog:      plain.Border(lipgloss.RoundedBorder()).Padding(0, 1),
		DialogTitle: bold, Danger: bold, Key: bold, Label: plain, Input: plain, InputErr: bold,
		HelpKey: bold, HelpDesc: plain, HelpSep: plain,
		LoadDone: lipgloss.NoColor{}, LoadToDo: lipgloss.NoColor{},
		Bar: "▌",
	}
}
