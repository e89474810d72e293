// Helpers shared by the display tests: fixture loading and small carts.
#pragma once

#include <cjson/cJSON.h>

#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include "daemon/core/json.h"
#include "display/cart_view.h"

namespace lanecast::display::testing {

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// nullptr when the file is missing or not JSON; tests CHECK it.
inline JsonPtr load_json(const std::string& path) {
  return JsonPtr(cJSON_Parse(read_text_file(path).c_str()));
}

inline std::string fixture(const char* name) { return std::string(LANECAST_FIXTURES_DIR) + "/" + name; }
inline std::string test_data(const char* name) {
  return std::string(LANECAST_TEST_DATA_DIR) + "/display/" + name;
}

struct LineSpec {
  const char* name;
  std::int64_t quantity;
  MinorUnits unit_price;
};

// A cart of item lines whose total is the sum of the lines and whose tax is zero.
inline CartView make_cart(std::initializer_list<LineSpec> specs) {
  CartView cart;
  for (const LineSpec& spec : specs) {
    CartLine line{spec.name, spec.quantity, spec.unit_price, spec.unit_price * spec.quantity,
                  spec.unit_price * spec.quantity < 0 ? LineKind::kDiscount : LineKind::kItem};
    cart.total += line.line_total;
    if (line.kind == LineKind::kItem) cart.item_count += line.quantity;
    cart.lines.push_back(line);
  }
  cart.subtotal = cart.total;
  return cart;
}

}  // namespace lanecast::display::testing
