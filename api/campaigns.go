package api

import (
	"context"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// DialGroup is one entry of GET …/dialGroups/withChildren: a group of
// outbound campaigns (the spec's DialGroup, trimmed).
type DialGroup struct {
	ID       string // dialGroupId
	Name     string // dialGroupName; untrusted text
	DialMode string // PREVIEW, PREDICTIVE, …: kept as sent
	// Active is isActive; taken as true when the answer does not say.
	Active    bool
	Campaigns []Campaign // never nil
}

// Campaign is an outbound campaign (the spec's Campaign, trimmed), with its
// own dispositions.
type Campaign struct {
	ID          string // campaignId
	Name        string // campaignName; untrusted text
	DialGroupID string // the spec's groupId, else the dial group it was listed under
	// Active is isActive, an integer (1/0) in the spec's Campaign unlike
	// everywhere else; booleans are read too. True when not sent.
	Active bool
	// Dispositions is campaignDispositions, decoded as Disposition. The
	// spec types that collection as a bare object; an array (of objects or
	// of names) is read, anything else is no dispositions.
	Dispositions []Disposition // never nil
}

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (c *Campaign) UnmarshalJSON(b []byte) error {
	return unmarshalWire(b, c, (*wireCampaign).campaign)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (c *Campaign) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, c, &campaignWires, (*wireCampaign).campaign)
}

type wireCampaign struct {
	CampaignID           flexString            `json:"campaignId"`
	CampaignName         flexString            `json:"campaignName"`
	GroupID              flexString            `json:"groupId"`
	IsActive             *flexFlag             `json:"isActive"`
	CampaignDispositions flexList[Disposition] `json:"campaignDispositions"`
}

var campaignWires wirePool[wireCampaign]

func (w *wireCampaign) campaign() Campaign {
	c := Campaign{
		ID:           strings.TrimSpace(string(w.CampaignID)),
		Name:         string(w.CampaignName),
		DialGroupID:  strings.TrimSpace(string(w.GroupID)),
		Active:       w.IsActive == nil || bool(*w.IsActive),
		Dispositions: []Disposition(w.CampaignDispositions),
	}
	if c.Dispositions == nil {
		c.Dispositions = []Disposition{}
	}
	return c
}

// UnmarshalJSON decodes the wire shape leniently, as encoding/json reads it.
func (g *DialGroup) UnmarshalJSON(b []byte) error {
	return unmarshalWire(b, g, (*wireDialGroup).group)
}

// UnmarshalJSONFrom is UnmarshalJSON for json v2, what the list decodes with.
func (g *DialGroup) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	return unmarshalWireFrom(dec, g, &dialGroupWires, (*wireDialGroup).group)
}

type wireDialGroup struct {
	DialGroupID   flexString         `json:"dialGroupId"`
	DialGroupName flexString         `json:"dialGroupName"`
	DialMode      flexString         `json:"dialMode"`
	IsActive      *flexFlag          `json:"isActive"`
	Campaigns     flexList[Campaign] `json:"campaigns"`
}

var dialGroupWires wirePool[wireDialGroup]

func (w *wireDialGroup) group() DialGroup {
	g := DialGroup{
		ID:        strings.TrimSpace(string(w.DialGroupID)),
		Name:      string(w.DialGroupName),
		DialMode:  string(w.DialMode),
		Active:    w.IsActive == nil || bool(*w.IsActive),
		Campaigns: []Campaign(w.Campaigns),
	}
	if g.Campaigns == nil {
		g.Campaigns = []Campaign{}
	}
	for i := range g.Campaigns {
		if g.Campaigns[i].DialGroupID == "" {
			g.Campaigns[i].DialGroupID = g.ID
		}
	}
	return g
}

// DialGroups lists the outbound dial groups with their campaigns and each
// campaign's dispositions (GET …/dialGroups/withChildren).
func (c *Client) DialGroups(ctx context.Context, opts PageOptions) ([]DialGroup, error) {
	q, err := opts.query()
	if err != nil {
		return nil, err
	}
	return getList[DialGroup](ctx, c, "dial groups", q, "dialGroups", "withChildren")
}
