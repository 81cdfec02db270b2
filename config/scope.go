package config

import "github.com/callboard/callboard/api"

// resolveScope settles the scope, which is one choice made of up to three
// settings: a product with its id, or an external id. Taking each setting
// from its own highest layer would mix choices (a file's product_id under a
// flag's --product), so the pieces are weighed together:
//   - whichever of product and external id comes from the higher layer
//     wins, and the other is dropped; both at the same layer is an error;
//   - a product id counts only if it comes from the product's layer or a
//     higher one: a lower one belonged to a different product;
//   - product ACCOUNT without an id means the account itself; other
//     products need an id; nothing at all means the whole account.
func (c *Config) resolveScope(w map[string]ranked) []error {
	product, id, ext := w["scope.product"], w["scope.product_id"], w["scope.external_id"]
	if product.ok && id.ok && id.rank > product.rank {
		id = ranked{}
	}
	if ext.ok && (product.ok || id.ok) {
		other, otherName := product, "scope.product"
		if !other.ok {
			other, otherName = id, "scope.product_id"
		}
		switch {
		case ext.rank < other.rank:
			product, id = ranked{}, ranked{}
		case other.rank < ext.rank:
			ext = ranked{}
		default:
			return []error{problemf("%s and %s: choose a product (with its id) or an external id, not both",
				other.src.atValue(otherName, other.text), ext.src.atValue("scope.external_id", ext.text))}
		}
	}
	if ext.ok {
		c.Scope.ExternalID = ext.text
		c.Sources["scope.external_id"] = ext.src
		return nil
	}
	if !product.ok && id.ok {
		return []error{problemf("%s: a product id needs a product (--product, or product in [scope])",
			id.src.atValue("scope.product_id", id.text))}
	}
	if !product.ok {
		product = ranked{value: value{string(api.ProductAccount), Source{Kind: KindDefault}}, ok: true}
	}
	c.Scope.Product = product.text
	c.Sources["scope.product"] = product.src
	switch {
	case id.ok:
		c.Scope.ProductID = id.text
		c.Sources["scope.product_id"] = id.src
	case product.text == string(api.ProductAccount):
		// The whole account: its id is the account's, when known; the
		// caller fills it in from the sign-in answer otherwise.
		c.Scope.ProductID = c.Account
		if c.Account != "" {
			c.Sources["scope.product_id"] = Source{Kind: KindDefault, Name: "account"}
		}
	default:
		return []error{problemf("%s: needs a product id (--product-id, or product_id in [scope])",
			product.src.atValue("scope.product", product.text))}
	}
	return nil
}
