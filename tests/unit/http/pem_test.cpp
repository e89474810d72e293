#include "daemon/http/pem.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/base64_encoder.h"

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::http::detail::decode_base64;
using lanecast::http::detail::kMaxPemBytes;
using lanecast::http::detail::PemBlock;
using lanecast::http::detail::scan_pem;
using lanecast::testing::base64_encode;

// The certificate tests see base64 and PEM only through whole certificates and keys: whether
// a file is accepted. These pin the bytes decoded and the blocks found, where a slip would
// still leave most certificates readable.
namespace {

std::string decoded(const std::string& text) {
  const auto bytes = decode_base64(text);
  if (!bytes) FAIL(("refused base64 '" + text + "'").c_str());
  return std::string(bytes->begin(), bytes->end());
}

// The blocks point into `text`, which the caller keeps.
std::vector<PemBlock> blocks_of(std::string_view text) {
  auto blocks = scan_pem(text);
  if (!blocks.is_ok()) FAIL(blocks.status().message().c_str());
  return std::move(blocks.value());
}

}  // namespace

TEST_GROUP(Base64Text){};

TEST(Base64Text, DecodesWholeQuantaAndOneOrTwoPaddingCharacters) {
  STRCMP_EQUAL("", decoded("").c_str());
  STRCMP_EQUAL("M", decoded("TQ==").c_str());
  STRCMP_EQUAL("Ma", decoded("TWE=").c_str());
  STRCMP_EQUAL("Man", decoded("TWFu").c_str());
  STRCMP_EQUAL("Many hands", decoded("TWFueSBoYW5kcw==").c_str());
}

TEST(Base64Text, DecodesEveryByteValueInEveryPositionOfAQuantum) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) all += static_cast<char>(byte);
  for (std::size_t shift = 0; shift < 3; ++shift) {
    const std::string bytes = all.substr(shift);
    const std::string text = base64_encode(bytes);
    CHECK_TEXT(decoded(text) == bytes, text.c_str());
  }
}

TEST(Base64Text, IsRefusedUnlessItIsStrictRfc4648) {
  const char* const kRefused[] = {
      "TQ",        // not a whole quantum
      "TQ=",       // padding cut short
      "TWFuT",     // a quantum and a bit
      "=",         "====", "T===",  // padding where data must be
      "TQ=A",      // data after padding
      "TQ==TWFu",  // padding before the last quantum
      "TW u",      " TWF", "TWF\n", "TWF\r",  // blanks belong to the PEM layer, not here
      "TW-u",      "TW_u",  // base64url's alphabet
      "TWF.",      "TWF\x80",
  };
  for (const char* text : kRefused) CHECK_FALSE_TEXT(decode_base64(text).has_value(), text);
  CHECK_FALSE(decode_base64(std::string("TW\0u", 4)).has_value());
}

// RFC 4648 lets a decoder refuse non-zero pad bits; openssl-made files never have them, so
// nothing is gained by refusing, and the header says they are not checked.
TEST(Base64Text, LeavesThePadBitsOfTheLastQuantumUnchecked) {
  STRCMP_EQUAL("M", decoded("TR==").c_str());
  STRCMP_EQUAL("Ma", decoded("TWF=").c_str());
}

TEST_GROUP(PemText){};

TEST(PemText, GivesEachBlockItsLabelHeadersBodyAndFirstLine) {
  const auto blocks = blocks_of(
      "Bag Attributes\n"
      "-----BEGIN RSA PRIVATE KEY-----\r\n"
      "Proc-Type: 4,ENCRYPTED\r\n"
      "DEK-Info: AES-128-CBC,00\t \r\n"
      "\r\n"
      "TWFu\r\n"
      "TQ==  \r\n"
      "-----END RSA PRIVATE KEY-----\r\n"
      "-----END CERTIFICATE-----\n"  // a stray END outside any block is text, like the rest
      "-----BEGIN CERTIFICATE-----\n"
      "TWFu\n"
      "-----END CERTIFICATE-----");
  LONGS_EQUAL(2, blocks.size());
  STRCMP_EQUAL("RSA PRIVATE KEY", std::string(blocks[0].label).c_str());
  LONGS_EQUAL(2, blocks[0].begin_line);
  LONGS_EQUAL(2, blocks[0].headers.size());
  STRCMP_EQUAL("Proc-Type: 4,ENCRYPTED", std::string(blocks[0].headers[0]).c_str());
  STRCMP_EQUAL("DEK-Info: AES-128-CBC,00", std::string(blocks[0].headers[1]).c_str());
  STRCMP_EQUAL("TWFuTQ==", blocks[0].base64.c_str());
  STRCMP_EQUAL("CERTIFICATE", std::string(blocks[1].label).c_str());
  LONGS_EQUAL(10, blocks[1].begin_line);
  CHECK(blocks[1].headers.empty());
  STRCMP_EQUAL("TWFu", blocks[1].base64.c_str());
}

TEST(PemText, TakesAColonLineAfterTheBodyAsBodyForTheDecoderToRefuse) {
  const auto blocks = blocks_of("-----BEGIN X-----\nTWFu\nA: b\n-----END X-----\n");
  LONGS_EQUAL(1, blocks.size());
  CHECK(blocks[0].headers.empty());
  STRCMP_EQUAL("TWFuA: b", blocks[0].base64.c_str());
}

TEST(PemText, AcceptsLabelsOfUpTo64PrintableCharacters) {
  const std::string longest(64, 'K');
  const std::string text = "-----BEGIN " + longest + "-----\n-----END " + longest + "-----\n";
  STRCMP_EQUAL(longest.c_str(), std::string(blocks_of(text).at(0).label).c_str());
  const auto spaced = blocks_of("-----BEGIN A B~-----\n-----END A B~-----\n");
  STRCMP_EQUAL("A B~", std::string(spaced.at(0).label).c_str());
  const std::string too_long(65, 'K');
  const auto refused = scan_pem("-----BEGIN " + too_long + "-----\n-----END " + too_long + "-----\n");
  CHECK_FALSE(refused.is_ok());
  STRCMP_EQUAL("malformed PEM BEGIN line on line 1", refused.status().message().c_str());
}

TEST(PemText, NamesTheLineOfAnUnclosedOrWronglyClosedBlock) {
  const struct {
    const char* text;
    const char* message;
  } kCases[] = {
      {"\n\n-----BEGIN A-----\nTWFu\n",
       "PEM A block starting on line 3 has no END line"},
      {"-----BEGIN A-----\n-----END B-----\n",
       "PEM A block starting on line 1 is not closed by its END line but by line 2"},
      {"-----BEGIN A-----\nTWFu\n-----END A----\n",
       "PEM A block starting on line 1 is not closed by its END line but by line 3"},
      {"-----BEGIN A-----\n-----BEGIN A-----\n-----END A-----\n",
       "PEM A block starting on line 1 is not closed by its END line but by line 2"},
      {"-----BEGIN-----\n", "malformed PEM BEGIN line on line 1"},
      {"x\n-----BEGIN A-----x\n", "malformed PEM BEGIN line on line 2"},
  };
  for (const auto& c : kCases) {
    const auto blocks = scan_pem(c.text);
    CHECK_FALSE_TEXT(blocks.is_ok(), c.text);
    STRCMP_EQUAL_TEXT(c.message, blocks.status().message().c_str(), c.text);
  }
}

TEST(PemText, ReadsTextOfUpToOneMebibyte) {
  CHECK(scan_pem(std::string(kMaxPemBytes, '\n')).is_ok());
  CHECK_FALSE(scan_pem(std::string(kMaxPemBytes + 1, '\n')).is_ok());
}
