package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// GateGroup is one entry of GET …/gateGroups/withChildren: a group of
// inbound queues ("gates") with its gates.
type GateGroup struct {
	ID    string // gateGroupId
	Name  string // groupName; untrusted text
	Gates []Gate // never nil; each carries GroupID
}

// Gate is an inbound queue's configuration (the spec's Gate, trimmed). Its
// live numbers are Queue's (realTimeData/inbound), joined on ID.
type Gate struct {
	ID          string // gateId
	Name        string // gateName; untrusted text
	Description string // gateDesc
	GroupID     string // the gate group it belongs to
	// Active is isActive; a gate whose answer does not say is taken as
	// active.
	Active bool
	// Open is gateOpen; OpenKnown says whether the answer had it.
	Open      bool
	OpenKnown bool
	// SLATime is the queue's service-level target (slaTime, seconds):
	// a call answered within it counts as slaPass. Zero when not sent.
	SLATime            time.Duration
	WrapTime           time.Duration
	DispositionTimeout time.Duration
}

type wireGate struct {
	GateID             flexString  `json:"gateId"`
	GateName           flexString  `json:"gateName"`
	GateDesc           flexString  `json:"gateDesc"`
	IsActive           *flexFlag   `json:"isActive"`
	GateOpen           *flexFlag   `json:"gateOpen"`
	SLATime            flexSeconds `json:"slaTime"`
	WrapTime           flexSeconds `json:"wrapTime"`
	DispositionTimeout flexSeconds `json:"dispositionTimeout"`
	// gateGroup is an object in the spec (the flat gates list may carry
	// it); anything else is ignored.
	GateGroup json.RawMessage `json:"gateGroup"`
}

func (g *Gate) UnmarshalJSON(b []byte) error {
	var w wireGate
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = Gate{
		ID:                 strings.TrimSpace(string(w.GateID)),
		Name:               string(w.GateName),
		Description:        string(w.GateDesc),
		Active:             w.IsActive == nil || bool(*w.IsActive),
		SLATime:            time.Duration(w.SLATime),
		WrapTime:           time.Duration(w.WrapTime),
		DispositionTimeout: time.Duration(w.DispositionTimeout),
	}
	if w.GateOpen != nil {
		g.Open, g.OpenKnown = bool(*w.GateOpen), true
	}
	if raw := bytes.TrimSpace(w.GateGroup); len(raw) > 0 && raw[0] == '{' {
		var parent struct {
			GateGroupID flexString `json:"gateGroupId"`
		}
		if json.Unmarshal(raw, &parent) == nil {
			g.GroupID = strings.TrimSpace(string(parent.GateGroupID))
		}
	}
	return nil
}

func (gg *GateGroup) UnmarshalJSON(b []byte) error {
	var w struct {
		GateGroupID flexString     `json:"gateGroupId"`
		GroupName   flexString     `json:"groupName"`
		Gates       flexList[Gate] `json:"gates"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*gg = GateGroup{ID: strings.TrimSpace(string(w.GateGroupID)), Name: string(w.GroupName), Gates: []Gate(w.Gates)}
	if gg.Gates == nil {
		gg.Gates = []Gate{}
	}
	for i := range gg.Gates {
		if gg.Gates[i].GroupID == "" {
			gg.Gates[i].GroupID = gg.ID
		}
	}
	return nil
}

// Disposition is one outcome an agent or supervisor may give a call: a gate
// disposition (GET …/gates/{gateId}/dispositions, the spec's
// GateDisposition) or a campaign's (Campaign.campaignDispositions, whose
// shape the spec leaves open: read the same way). Name is what
// dispositionCall takes; untrusted text.
type Disposition struct {
	ID          string // gateDispositionId or campaignDispositionId
	Name        string // disposition
	Disabled    bool
	Default     bool
	Rank        int
	RequireNote bool
	Success     bool
	Complete    bool
	Contact     bool
	DoNotCall   bool
}

func (d *Disposition) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		// A bare name: how an undocumented collection may list them.
		var name flexString
		if err := json.Unmarshal(b, &name); err != nil {
			return err
		}
		*d = Disposition{Name: string(name)}
		return nil
	}
	if len(b) > 0 && b[0] != '{' {
		// A bare id (or null): no name to offer, but no reason to fail
		// the list either.
		id, err := scalarText(b, "a disposition")
		if err != nil {
			return err
		}
		if id == "null" {
			id = ""
		}
		*d = Disposition{ID: strings.TrimSpace(id)}
		return nil
	}
	var w struct {
		GateDispositionID     flexString `json:"gateDispositionId"`
		CampaignDispositionID flexString `json:"campaignDispositionId"`
		Disposition           flexString `json:"disposition"`
		IsDisabled            flexFlag   `json:"isDisabled"`
		IsDefault             flexFlag   `json:"isDefault"`
		Rank                  flexInt    `json:"rank"`
		RequireNote           flexFlag   `json:"requireNote"`
		IsSuccess             flexFlag   `json:"isSuccess"`
		IsComplete            flexFlag   `json:"isComplete"`
		IsContact             flexFlag   `json:"isContact"`
		DoNotCall             flexFlag   `json:"doNotCall"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = Disposition{
		ID:          strings.TrimSpace(firstNonEmpty(string(w.GateDispositionID), string(w.CampaignDispositionID))),
		Name:        string(w.Disposition),
		Disabled:    bool(w.IsDisabled),
		Default:     bool(w.IsDefault),
		Rank:        int(w.Rank),
		RequireNote: bool(w.RequireNote),
		Success:     bool(w.IsSuccess),
		Complete:    bool(w.IsComplete),
		Contact:     bool(w.IsContact),
		DoNotCall:   bool(w.DoNotCall),
	}
	return nil
}

// UsableDispositions is the list a picker offers: enabled dispositions with
// a name, by rank (then name), each name once (the first by that order).
// The input is not changed.
func UsableDispositions(ds []Disposition) []Disposition {
	out := make([]Disposition, 0, len(ds))
	for _, d := range ds {
		if !d.Disabled && strings.TrimSpace(d.Name) != "" {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b Disposition) int {
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), strings.Compare(a.Name, b.Name))
	})
	seen := make(map[string]bool, len(out))
	return slices.DeleteFunc(out, func(d Disposition) bool {
		dup := seen[d.Name]
		seen[d.Name] = true
		return dup
	})
}

// FindDisposition finds name among ds: exactly, else ignoring case and
// surrounding space (RingCX does not document whether it matches names
// exactly, so the caller gets the list's own spelling back to send).
func FindDisposition(ds []Disposition, name string) (Disposition, bool) {
	for _, d := range ds {
		if d.Name == name {
			return d, true
		}
	}
	name = strings.TrimSpace(name)
	for _, d := range ds {
		if strings.EqualFold(strings.TrimSpace(d.Name), name) {
			return d, true
		}
	}
	return Disposition{}, false
}

// GateGroups lists the inbound queue groups with their queues (GET
// …/gateGroups/withChildren).
func (c *Client) GateGroups(ctx context.Context, opts PageOptions) ([]GateGroup, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	return getList[GateGroup](ctx, c, "gate groups", q, "gateGroups", "withChildren")
}

// Gates lists one gate group's queues (GET …/gateGroups/{gateGroupId}/gates).
// Gates whose answer does not name their group get gateGroupID.
func (c *Client) Gates(ctx context.Context, gateGroupID string, opts PageOptions) ([]Gate, error) {
	if err := validateID("gateGroupId", gateGroupID); err != nil {
		return nil, err
	}
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	gates, err := getList[Gate](ctx, c, "gates of group "+gateGroupID, q, "gateGroups", gateGroupID, "gates")
	if err != nil {
		return nil, err
	}
	for i := range gates {
		if gates[i].GroupID == "" {
			gates[i].GroupID = gateGroupID
		}
	}
	return gates, nil
}

// GateDispositions lists the dispositions of one queue (GET
// …/gateGroups/{gateGroupId}/gates/{gateId}/dispositions): the names
// dispositionCall accepts for a call that came through it. All of them,
// disabled ones included; UsableDispositions is what to offer.
func (c *Client) GateDispositions(ctx context.Context, gateGroupID, gateID string) ([]Disposition, error) {
	if err := validateID("gateGroupId", gateGroupID); err != nil {
		return nil, err
	}
	if err := validateID("gateId", gateID); err != nil {
		return nil, err
	}
	return getList[Disposition](ctx, c, "dispositions of gate "+gateID, nil, "gateGroups", gateGroupID, "gates", gateID, "dispositions")
}

// SystemDispositions lists the account's system dispositions (GET
// …/campaignLeads/systemDispositions): the spec's enum (ANSWER, NOANSWER,
// BUSY, …), returned as sent, unknown values included, empty ones dropped.
func (c *Client) SystemDispositions(ctx context.Context) ([]string, error) {
	raw, err := getList[flexString](ctx, c, "system dispositions", nil, "campaignLeads", "systemDispositions")
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(raw))
	for _, s := range raw {
		if strings.TrimSpace(string(s)) != "" {
			out = append(out, string(s))
		}
	}
	return out, nil
}

// flexList decodes a list field: an array of T, or null or missing (none).
// The spec types some collections only as "object" (CollectionCampaign,
// CollectionCampaignDisposition) without saying what is inside; an object
// or scalar there reads as no items rather than failing the whole list
// (an element that is not a T still fails: that is a broken answer).
type flexList[T any] []T

func (l *flexList[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '[' {
		*l = nil
		return nil
	}
	var items []T
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	*l = items
	return nil
}
