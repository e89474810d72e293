#include "pricing_test_support.h"

#include <fstream>
#include <sstream>

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

namespace pricing_test {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  CHECK_TRUE_TEXT(in.good(), path.c_str());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

lanecast::JsonPtr parse(const std::string& text) {
  lanecast::JsonPtr root(cJSON_Parse(text.c_str()));
  CHECK_TRUE_TEXT(root != nullptr, "JSON parses");
  return root;
}

std::shared_ptr<const lanecast::pricing::RuleSet> example_rules(const char* file, int decimals) {
  auto loaded = lanecast::pricing::load_rules_file(kExamplesDir + file, decimals);
  CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  return *loaded;
}

lanecast::MinorUnits money_of(const cJSON* node, int decimals) {
  lanecast::Result<lanecast::MinorUnits> amount =
      cJSON_IsString(node)   ? lanecast::parse_money(node->valuestring, decimals)
      : cJSON_IsNumber(node) ? lanecast::money_from_json_number(node->valuedouble, decimals)
                             : lanecast::Status::invalid_input("not money");
  CHECK_TRUE_TEXT(amount.is_ok(), amount.status().message().c_str());
  return amount.is_ok() ? *amount : 0;
}

}  // namespace pricing_test
