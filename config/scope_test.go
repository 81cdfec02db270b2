package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScope(t *testing.T) {
	e := newTestEnv(t).set("RINGCX_ACCOUNT_ID", "12440011")

	c := mustLoad(t, e, "--product", "acd", "--product-id", "5")
	assert.Equal(t, Scope{Product: "ACD", ProductID: "5"}, c.Scope)
	assert.Equal(t, "flag --product", c.Sources["scope.product"].String())
	assert.Equal(t, "flag --product-id", c.Sources["scope.product_id"].String())

	c = mustLoad(t, e, "--external-id", "crm-7")
	assert.Equal(t, Scope{ExternalID: "crm-7"}, c.Scope)
	assert.NotContains(t, c.Sources, "scope.product")

	c = mustLoad(t, e, "--product", "ACCOUNT")
	assert.Equal(t, Scope{Product: "ACCOUNT", ProductID: "12440011"}, c.Scope, "ACCOUNT means the account")
}

func TestScopeFromTheFile(t *testing.T) {
	e := newTestEnv(t)
	path := writeFile(t, e.defaultConfig(), "account = \"1\"\n[scope]\nproduct = \"OUTBOUND\"\nproduct_id = \"5\"\n", 0o600)

	c := mustLoad(t, e)
	assert.Equal(t, Scope{Product: "OUTBOUND", ProductID: "5"}, c.Scope)
	assert.Equal(t, Source{Kind: KindFile, Name: path, Line: 4}, c.Sources["scope.product_id"])

	// A flag's product id keeps the file's product (another campaign)...
	c = mustLoad(t, e, "--product-id", "7")
	assert.Equal(t, Scope{Product: "OUTBOUND", ProductID: "7"}, c.Scope)

	// ...a flag's external id replaces the whole product scope...
	c = mustLoad(t, e, "--external-id", "x")
	assert.Equal(t, Scope{ExternalID: "x"}, c.Scope)

	// ...and a flag's product does not inherit an id that belonged to the
	// file's product.
	assert.Equal(t, "--product ACD: needs a product id (--product-id, or product_id in [scope])",
		loadErr(t, e, "--product", "ACD"))
	c = mustLoad(t, e, "--product", "ACCOUNT")
	assert.Equal(t, Scope{Product: "ACCOUNT", ProductID: "1"}, c.Scope)
}

func TestExternalIDInTheFileOverriddenByFlags(t *testing.T) {
	e := newTestEnv(t)
	writeFile(t, e.defaultConfig(), "[scope]\nexternal_id = \"crm\"\n", 0o600)
	c := mustLoad(t, e, "--product", "DNIS", "--product-id", "9")
	assert.Equal(t, Scope{Product: "DNIS", ProductID: "9"}, c.Scope)
	assert.NotContains(t, c.Sources, "scope.external_id")
}

func TestScopeErrors(t *testing.T) {
	e := newTestEnv(t)
	assert.Equal(t, "--product ACD and --external-id x: choose a product (with its id) or an external id, not both",
		loadErr(t, e, "--product", "ACD", "--product-id", "1", "--external-id", "x"))
	assert.Equal(t, "--product-id 5: a product id needs a product (--product, or product in [scope])",
		loadErr(t, e, "--product-id", "5"))
	assert.Equal(t, "--product TEAMS: needs a product id (--product-id, or product_id in [scope])",
		loadErr(t, e, "--product", "teams"))

	path := writeFile(t, e.defaultConfig(), "[scope]\nproduct = \"ACD\"\nproduct_id = \"1\"\nexternal_id = \"x\"\n", 0o600)
	assert.Equal(t, path+`:2: scope.product = "ACD" and `+path+`:4: scope.external_id = "x": `+
		"choose a product (with its id) or an external id, not both", loadErr(t, e))
}
