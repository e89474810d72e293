#include "daemon/core/json_writer.h"

#include <cmath>
#include <string>

#include "daemon/core/json.h"

#include <CppUTest/TestHarness.h>

using lanecast::json_print;
using lanecast::JsonPtr;
using lanecast::print_json;

namespace {

// Values whose printing has a corner: shortest doubles, the 15/17-digit switch, exponents,
// minus zero, whole numbers around 10^15, escapes, non-ASCII text, empty containers.
const char* const kDocuments[] = {
    "{}",
    "[]",
    "{\"a\":[],\"b\":{},\"c\":[{}],\"d\":[[[]]]}",
    "{\"t\":true,\"f\":false,\"n\":null}",
    "[0,-0,1,-1,7,42,2147483647,2147483648,-2147483649,9007199254740991,9007199254740993]",
    "[999999999999999,1000000000000000,1e15,1e16,123456789012345678,1e21,1e300,-1e300]",
    "[0.1,0.2,0.30000000000000004,1.5,-1.5e-3,3.141592653589793,2.718281828459045,1e-7,5e-324]",
    "[10.99,0.69,1.10,100.5,12345.678,0.000001,1.7976931348623157e308,4.35]",
    "[1E+5,1e-5,-0.0,0.5e1,123.456e2]",
    "{\"s\":\"plain\",\"q\":\"a\\\"b\",\"b\":\"a\\\\b\",\"slash\":\"a\\/b\"}",
    "{\"c\":\"\\b\\f\\n\\r\\t\",\"u\":\"\\u0001\\u001f\\u007f\"}",
    "{\"x\":\"\\u00e9\\u20ac\\ud83d\\ude00\",\"raw\":\"\xC3\xA9 \xE2\x82\xAC\"}",
    "{\"\":\"\",\"k\\n\":\"v\"}",
};

}  // namespace

TEST_GROUP(TheJsonWriter){};

TEST(TheJsonWriter, PrintsEveryValueExactlyAsCJsonDoes) {
  for (const char* text : kDocuments) {
    JsonPtr tree(cJSON_Parse(text));
    CHECK_TRUE_TEXT(tree != nullptr, text);
    STRCMP_EQUAL_TEXT(json_print(tree.get()).c_str(), print_json(tree.get()).c_str(), text);
  }
}

TEST(TheJsonWriter, PrintsRawTextAsItIsAndNonFiniteNumbersAsNull) {
  JsonPtr tree(cJSON_CreateObject());
  cJSON_AddItemToObject(tree.get(), "price", cJSON_CreateRaw("10.90"));
  cJSON_AddItemToObject(tree.get(), "nan", cJSON_CreateNumber(NAN));
  cJSON_AddItemToObject(tree.get(), "inf", cJSON_CreateNumber(-INFINITY));
  STRCMP_EQUAL("{\"price\":10.90,\"nan\":null,\"inf\":null}", print_json(tree.get()).c_str());
  STRCMP_EQUAL(json_print(tree.get()).c_str(), print_json(tree.get()).c_str());
}

TEST(TheJsonWriter, PrintsEveryControlCharacterAsCJsonEscapesIt) {
  for (int c = 1; c < 0x20; ++c) {
    const std::string text(1, static_cast<char>(c));
    JsonPtr value(cJSON_CreateString(text.c_str()));
    std::string mine;
    lanecast::append_json_string(mine, text);
    STRCMP_EQUAL_TEXT(json_print(value.get()).c_str(), mine.c_str(), std::to_string(c).c_str());
    // A node's own NUL-terminated text goes through the one-pass writer.
    STRCMP_EQUAL_TEXT(json_print(value.get()).c_str(), print_json(value.get()).c_str(),
                      std::to_string(c).c_str());
    std::string from_pointer;
    lanecast::append_json_string(from_pointer, (text + "x\"").c_str());
    std::string from_view;
    lanecast::append_json_string(from_view, text + "x\"");
    STRCMP_EQUAL_TEXT(from_view.c_str(), from_pointer.c_str(), std::to_string(c).c_str());
  }
}
