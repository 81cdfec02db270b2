package ui

import "charm.land/lipgloss/v2"

// Theme is every style the board uses. main builds it (theme.go) for a dark
// or light background, or without colour when NO_COLOR is set; the ui
// never picks a colour itself.
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

	ToastOK, ToastErr, ToastInfo lipgloss.Style

	Dialog, DialogTitle, Danger, Key, Label, Input, InputErr lipgloss.Style

	HelpKey, HelpDesc, HelpSep lipgloss.Style

	// Bar marks the selected row in the gutter.
	Bar string
}

// ThemeFunc builds the theme for a dark or light terminal background; the
// board asks the terminal which it has and rebuilds when it answers.
type ThemeFunc func(dark bool) Theme
