#include "display/pole_protocol.h"

#include <string>

#include "pole_emulator.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>

using namespace lanecast;
using namespace lanecast::display;
using lanecast::display::testing::PoleEmulator;

namespace {

struct Transliteration {
  const char* utf8;
  const char* epson;
  const char* cd5220;
};
const Transliteration kTransliterations[] = {
    {"Käse", "K\x84" "se", "Kaese"},
    {"Größe", "Gr\x94\xE1" "e", "Groesse"},
    {"Müsli", "M\x81" "sli", "Muesli"},
    {"ÄÖÜ äöü ß", "\x8E\x99\x9A \x84\x94\x81 \xE1", "AeOeUe aeoeue ss"},
    {"Crème brûlée", "Cr\x8A" "me br\x96" "l\x82" "e", "Creme brulee"},
    {"Café Ça Ñandú", "Caf\x82 \x80" "a \xA5" "and\xA3", "Cafe Ca Nandu"},
    {"Žubrówka Łódź", "Zubr\xA2" "wka L\xA2" "dz", "Zubrowka Lodz"},
    {"Smørrebrød Æble Œuf", "Sm\x9B" "rrebr\x9B" "d \x92" "ble OEuf", "Smorrebrod AEble OEuf"},
    {"“Bio” – fair…", "\"Bio\" - fair...", "\"Bio\" - fair..."},
    {"5 €", "5 \xD5", "5 EUR"},
    {"1½ kg × 2", "1\xAB kg \x9E 2", "11/2 kg x 2"},
    {"  many   spaces  ", "many spaces", "many spaces"},
    {"tab\tand\nnewline\r", "tab and newline", "tab and newline"},
    {"non\xC2\xA0" "breaking", "non breaking", "non breaking"},
    {"zero\xE2\x80\x8Bwidth", "zerowidth", "zerowidth"},
    {"soft\xC2\xAD" "hyphen", "softhyphen", "softhyphen"},
    {"日本茶", "???", "???"},
    {"\xF0\x9F\x8D\x8E Apple", "? Apple", "? Apple"},
    {"Dziękujemy! Zapłacono", "Dziekujemy! Zaplacono", "Dziekujemy! Zaplacono"},
    {"Płatność w toku, Poproś obsługę", "Platnosc w toku, Popros obsluge",
     "Platnosc w toku, Popros obsluge"},
    {"", "", ""},
};

// Bytes that must never reach the display as they are: commands, broken UTF-8.
const Transliteration kNeutralised[] = {
    {"\x1B@reset", "@reset", "@reset"},
    {"name\x0C" "clear", "name clear", "name clear"},
    {"line\x1BQA", "line QA", "line QA"},
    {"\x1F$\x01\x01", "$", "$"},
    {"bad\xFF" "byte", "bad?byte", "bad?byte"},
    {"overlong\xC0\xAF", "overlong??", "overlong??"},
    {"surrogate\xED\xA0\x80", "surrogate???", "surrogate???"},
    {"cut\xE2\x82", "cut??", "cut??"},
    {"c1\xC2\x85" "control", "c1 control", "c1 control"},
    {"del\x7F" "ete", "del ete", "del ete"},
};

struct Fit {
  PoleLine line;
  const char* expected;  // exactly 20 columns
};
const Fit kFits[] = {
    {PoleLine::pair("Mineralwasser 1,5 l", "4.14"), "Mineralwasser 1 4.14"},
    {PoleLine::pair("Total", "12.34 EUR"), "Total      12.34 EUR"},
    {PoleLine::pair("Bergkäse", "6.98"), "Bergkaese       6.98"},
    {PoleLine::pair("", "11.92 EUR"), "           11.92 EUR"},
    {PoleLine::pair("ABCDEFGHIJKLMNOPQRST", "1"), "ABCDEFGHIJKLMNOPQR 1"},
    {PoleLine::pair("Left", "nineteen-characters"), " nineteen-characters"},
    {PoleLine::pair("Left", "exactly-twenty-chars"), "exactly-twenty-chars"},
    {PoleLine::pair("Left", "twenty-one-characters"), "twenty-one-character"},
    {PoleLine::text("Total"), "Total               "},
    {PoleLine::text("A name much longer than twenty"), "A name much longer t"},
    {PoleLine::text(""), "                    "},
    {PoleLine::center("Welcome"), "      Welcome       "},
    {PoleLine::center("Thank you!"), "     Thank you!     "},
    {PoleLine::center("Grüße"), "      Gruesse       "},
    {PoleLine::center("A name much longer than twenty"), "A name much longer t"},
};

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

}  // namespace

TEST_GROUP(PoleTransliteration){};

TEST(PoleTransliteration, SpellsLettersAndSignsInPlainAscii) {
  for (const Transliteration& t : kTransliterations) {
    STRCMP_EQUAL_TEXT(t.epson, transliterate(t.utf8, PoleCommandSet::kEpson).c_str(), t.utf8);
    STRCMP_EQUAL_TEXT(t.cd5220, transliterate(t.utf8, PoleCommandSet::kCd5220).c_str(), t.utf8);
  }
}

TEST(PoleTransliteration, NeutralisesCommandsAndBrokenText) {
  for (const Transliteration& t : kNeutralised) {
    STRCMP_EQUAL_TEXT(t.epson, transliterate(t.utf8, PoleCommandSet::kEpson).c_str(), t.epson);
    STRCMP_EQUAL_TEXT(t.cd5220, transliterate(t.utf8, PoleCommandSet::kCd5220).c_str(), t.cd5220);
  }
}

TEST(PoleTransliteration, SendsNoControlBytesAndOnlyAsciiToACd5220) {
  std::string everything;
  for (int c = 1; c < 256; ++c) everything += static_cast<char>(c);
  everything += "€ä\xE2\x80\x9C";
  for (PoleCommandSet set : {PoleCommandSet::kEpson, PoleCommandSet::kCd5220}) {
    for (char c : transliterate(everything, set)) {
      const auto b = static_cast<unsigned char>(c);
      CHECK_TRUE((b >= 0x20 && b <= 0x7E) || (set == PoleCommandSet::kEpson && b >= 0x80));
    }
  }
}

TEST_GROUP(PoleLineFitting){};

TEST(PoleLineFitting, TruncatesNamesAndRightAlignsPricesInTwentyColumns) {
  for (const Fit& f : kFits) {
    const std::string fitted = fit_line(f.line, PoleCommandSet::kCd5220);
    LONGLONGS_EQUAL_TEXT(20, fitted.size(), f.expected);
    STRCMP_EQUAL(f.expected, fitted.c_str());
  }
}

TEST(PoleLineFitting, CountsTheEpsonEuroAsOneColumn) {
  const std::string fitted = fit_line(PoleLine::pair("Total", "9.99 €"), PoleCommandSet::kEpson);
  LONGLONGS_EQUAL(20, fitted.size());
  STRCMP_EQUAL("Total         9.99 \xD5", fitted.c_str());
}

TEST_GROUP(PoleCommandSets){};

TEST(PoleCommandSets, AreParsedByName) {
  CHECK_TRUE(*parse_command_set("epson") == PoleCommandSet::kEpson);
  CHECK_TRUE(*parse_command_set("ESC/POS") == PoleCommandSet::kEpson);
  CHECK_TRUE(*parse_command_set("CD5220") == PoleCommandSet::kCd5220);
  for (const char* bad : {"", "epson2", "cd 5220", "vt100"})
    CHECK_FALSE_TEXT(parse_command_set(bad).is_ok(), bad);
}

TEST(PoleCommandSets, InitializeEpsonWithOverwriteModeCursorOffAndPc858) {
  STRCMP_EQUAL(bytes({0x1B, 0x40, 0x1F, 0x01, 0x1F, 0x43, 0x00, 0x1B, 0x74, 19, 0x0C}).c_str(),
               encode_init(PoleCommandSet::kEpson).c_str());
}

TEST(PoleCommandSets, InitializeCd5220WithOverwriteModeAndCursorOff) {
  const std::string expected = bytes({0x1B, 0x40, 0x1B, 0x11, 0x1B, 0x5F, 0x00, 0x0C});
  CHECK_TRUE(expected == encode_init(PoleCommandSet::kCd5220));
}

TEST(PoleCommandSets, WriteAnEpsonScreenAtFixedCursorPositions) {
  const PoleScreen screen{PoleLine::text("Hello"), PoleLine::pair("Total", "1.00")};
  const std::string expected = bytes({0x1F, 0x24, 1, 1}) + "Hello               " +
                               bytes({0x1F, 0x24, 1, 2}) + "Total           1.00";
  CHECK_TRUE(expected == encode_screen(PoleCommandSet::kEpson, screen));
}

TEST(PoleCommandSets, WriteACd5220ScreenInStringMode) {
  const PoleScreen screen{PoleLine::text("Hello"), PoleLine::pair("Total", "1.00")};
  const std::string expected = bytes({0x1B, 0x51, 0x41}) + "Hello               \r" +
                               bytes({0x1B, 0x51, 0x42}) + "Total           1.00\r";
  CHECK_TRUE(expected == encode_screen(PoleCommandSet::kCd5220, screen));
}

TEST(PoleCommandSets, ShowTheSameScreenOnBothKindsOfDisplay) {
  const PoleScreen screen{PoleLine::pair("6x Wasser", "4.14"),
                          PoleLine::pair("Total", "11.92 EUR")};
  for (PoleCommandSet set : {PoleCommandSet::kEpson, PoleCommandSet::kCd5220}) {
    PoleEmulator display(set);
    display.feed(encode_init(set) + encode_screen(set, screen));
    STRCMP_EQUAL("6x Wasser       4.14", display.top().c_str());
    STRCMP_EQUAL("Total      11.92 EUR", display.bottom().c_str());
    LONGLONGS_EQUAL(1, display.initializations());
    STRCMP_EQUAL("", display.unknown().c_str());
  }
}
