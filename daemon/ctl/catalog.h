// The simulator's shop: a German convenience store's products, priced and coded to match
// packaging/examples/pricing-de.json (its tax codes A = 19 %, B = 7 %, its categories, the
// Pfand on Getränke and Bier, the Brezel and Müsliriegel offers, and Tabak, which the rules
// remove). Prices are what AiFi sends: gross, VAT included, in euro cents.
//
// Thread: any; the catalog is constant.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace lanecast::ctl {

struct Product {
  std::int64_t product_id;
  std::string_view name;
  std::string_view category;  // a key of the rules' taxCategories
  std::string_view sku;       // the EAN, or a house code ("BREZEL")
  std::string_view tax_code;  // productSnapshot.taxCode: "A" or "B"
  std::int64_t price_minor;   // gross, in cents
  int weight_grams;
  int popularity;             // relative chance of landing in a cart
};

std::span<const Product> store_catalog();

// The 13-digit EAN of a product: its sku when that is already an EAN, else a store-internal
// EAN-13 ("21" prefix) made from the product id, with a correct check digit.
std::string barcode_of(const Product& product);

// The EAN-13 check digit of 12 digits.
int ean13_check_digit(std::string_view twelve_digits);

}  // namespace lanecast::ctl
