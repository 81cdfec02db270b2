package api

import (
	"bytes"
	"cmp"
	"context"
	jsonv1 "encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
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
	GateGroup optObject[gateParent] `json:"gateGroup"`
}

var gateWires wirePool[wireGate]

// gateParent is the part of a gate's gateGroup the console reads.
type gateParent struct {
	GateGroupID flexString `json:"gateGroupId"`
}

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (g *Gate) UnmarshalJSON(b []byte) error { return unmarshalWire(b, g, (*wireGate).gate) }

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (g *Gate) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, g, &gateWires, (*wireGate).gate)
}

func (w *wireGate) gate() Gate {
	g := Gate{
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
	if w.GateGroup.ok {
		g.GroupID = strings.TrimSpace(string(w.GateGroup.v.GateGroupID))
	}
	return g
}

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (gg *GateGroup) UnmarshalJSON(b []byte) error {
	return unmarshalWire(b, gg, (*wireGateGroup).group)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (gg *GateGroup) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, gg, &gateGroupWires, (*wireGateGroup).group)
}

type wireGateGroup struct {
	GateGroupID flexString     `json:"gateGroupId"`
	GroupName   flexString     `json:"groupName"`
	Gates       flexList[Gate] `json:"gates"`
}

var gateGroupWires wirePool[wireGateGroup]

func (w *wireGateGroup) group() GateGroup {
	gg := GateGroup{ID: strings.TrimSpace(string(w.GateGroupID)), Name: string(w.GroupName), Gates: []Gate(w.Gates)}
	if gg.Gates == nil {
		gg.Gates = []Gate{}
	}
	for i := range gg.Gates {
		if gg.Gates[i].GroupID == "" {
			gg.Gates[i].GroupID = gg.ID
		}
	}
	return gg
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

// UnmarshalJSON decodes a disposition leniently, as encoding/json reads
// it: an object, a bare name, or a bare id (or null).
func (d *Disposition) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		// A bare name: how an undocumented collection may list them.
		var name flexString
		if err := jsonv1.Unmarshal(b, &name); err != nil {
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
		*d = dispositionID(id)
		return nil
	}
	return unmarshalWire(b, d, (*wireDisposition).disposition)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the lists decode
// with.
func (d *Disposition) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	switch dec.PeekKind() {
	case '{':
		return unmarshalWireFrom(dec, d, &dispositionWires, (*wireDisposition).disposition)
	case '"':
		var name flexString
		if err := name.UnmarshalJSONFrom(dec); err != nil {
			return err
		}
		*d = Disposition{Name: string(name)}
		return nil
	}
	id, err := readScalar(dec, "a disposition")
	if err != nil {
		return err
	}
	*d = dispositionID(string(id))
	return nil
}

// dispositionID is a disposition listed by its id alone.
func dispositionID(id string) Disposition {
	if id == "null" {
		id = ""
	}
	return Disposition{ID: strings.TrimSpace(id)}
}

type wireDisposition struct {
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

var dispositionWires wirePool[wireDisposition]

func (w *wireDisposition) disposition() Disposition {
	return Disposition{
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
	if err := jsonv1.Unmarshal(b, &items); err != nil {
		return err
	}
	*l = items
	return nil
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2: the items are decoded
// in place, anything but an array skipped.
func (l *flexList[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*l = nil
	if dec.PeekKind() != '[' {
		return dec.SkipValue()
	}
	var items []T
	if err := json.UnmarshalDecode(dec, &items); err != nil {
		return err
	}
	*l = items
	return nil
}

// optObject is a nested object that is optional in every sense: a value
// that is not an object, or an object that does not decode as a T, is no
// T (ok false) rather than a failed list, as the spec's nested parents
// (a roster agent's agentGroup, a gate's gateGroup) are only extras.
type optObject[T any] struct {
	v  T
	ok bool
}

// UnmarshalJSON reads the value as encoding/json reads a T.
func (o *optObject[T]) UnmarshalJSON(b []byte) error {
	*o = optObject[T]{}
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '{' {
		o.ok = jsonv1.Unmarshal(b, &o.v) == nil
	}
	return nil
}

// UnmarshalJSONFrom reads the value as json v2 reads a T. The object is
// decoded apart from the list, from its own bytes, so that a T it does not
// hold leaves the list's decoder where it was: after the value.
func (o *optObject[T]) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*o = optObject[T]{}
	if dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return err
	}
	o.ok = json.Unmarshal(raw, &o.v, listOptions) == nil
	return nil
}
