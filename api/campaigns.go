package api

import (
	"context"
	"encoding/json"
	"strings"
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

func (c *Campaign) UnmarshalJSON(b []byte) error {
	var w struct {
		CampaignID           flexString            `json:"campaignId"`
		CampaignName         flexString            `json:"campaignName"`
		GroupID              flexString            `json:"groupId"`
		IsActive             *flexFlag             `json:"isActive"`
		CampaignDispositions flexList[Disposition] `json:"campaignDispositions"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = Campaign{
		ID:           strings.TrimSpace(string(w.CampaignID)),
		Name:         string(w.CampaignName),
		DialGroupID:  strings.TrimSpace(string(w.GroupID)),
		Active:       w.IsActive == nil || bool(*w.IsActive),
		Dispositions: []Disposition(w.CampaignDispositions),
	}
	if c.Dispositions == nil {
		c.Dispositions = []Disposition{}
	}
	return nil
}

func (g *DialGroup) UnmarshalJSON(b []byte) error {
	var w struct {
		DialGroupID   flexString         `json:"dialGroupId"`
		DialGroupName flexString         `json:"dialGroupName"`
		DialMode      flexString         `json:"dialMode"`
		IsActive      *flexFlag          `json:"isActive"`
		Campaigns     flexList[Campaign] `json:"campaigns"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*g = DialGroup{
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
	return nil
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
