#include "daemon/http/der_reader.h"

#include <CppUTest/TestHarness.h>

#include <cstdint>
#include <string>
#include <vector>

using lanecast::http::detail::Bytes;
using lanecast::http::detail::DerReader;
using lanecast::http::detail::Element;
using lanecast::http::detail::kInteger;
using lanecast::http::detail::kSequence;

// The certificate tests reach the reader through certificates of a few hundred bytes, so they
// never see a valid length of three or four bytes nor the boundary of the short form; and
// they find an inner element's offsets only in the message text. These cover both directly.
namespace {

std::vector<std::uint8_t> bytes(std::initializer_list<int> values) {
  std::vector<std::uint8_t> out;
  for (const int v : values) out.push_back(static_cast<std::uint8_t>(v));
  return out;
}

// A SEQUENCE whose length is written with `length_bytes` and whose content is `size` zeros.
std::vector<std::uint8_t> sequence_of(std::size_t size, std::initializer_list<int> length_bytes) {
  std::vector<std::uint8_t> der = bytes(length_bytes);
  der.insert(der.begin(), kSequence);
  der.resize(der.size() + size, 0);
  return der;
}

void check_read(const std::vector<std::uint8_t>& der, std::size_t content_size, const char* what) {
  DerReader reader(der, "test DER");
  const auto element = reader.read(kSequence, "SEQUENCE");
  CHECK_TEXT(element.is_ok(), (std::string(what) + ": " + element.status().message()).c_str());
  LONGS_EQUAL_TEXT(content_size, element->content.size(), what);
  LONGS_EQUAL_TEXT(der.size() - content_size, element->content_offset, what);
  CHECK_TEXT(reader.at_end(), what);
}

void check_refused(const std::vector<std::uint8_t>& der, const std::string& message) {
  DerReader reader(der, "test DER");
  const auto element = reader.read("SEQUENCE");
  CHECK_FALSE_TEXT(element.is_ok(), message.c_str());
  STRCMP_EQUAL(message.c_str(), element.status().message().c_str());
}

}  // namespace

TEST_GROUP(ADerLength){};

TEST(ADerLength, IsReadInEveryMinimalFormUpToFourBytes) {
  check_read(sequence_of(0, {0x00}), 0, "empty");
  check_read(sequence_of(127, {0x7f}), 127, "longest short form");
  check_read(sequence_of(128, {0x81, 0x80}), 128, "shortest one-byte long form");
  check_read(sequence_of(255, {0x81, 0xff}), 255, "longest one-byte long form");
  check_read(sequence_of(256, {0x82, 0x01, 0x00}), 256, "two bytes");
  check_read(sequence_of(0x10000, {0x83, 0x01, 0x00, 0x00}), 0x10000, "three bytes");
  check_read(sequence_of(0x1000000, {0x84, 0x01, 0x00, 0x00, 0x00}), 0x1000000, "four bytes");
}

TEST(ADerLength, IsRefusedWhenItIsNotMinimalOrNotDer) {
  check_refused(sequence_of(127, {0x81, 0x7f}),
                "non-minimal length at byte 1 is not allowed in DER");
  check_refused(sequence_of(255, {0x82, 0x00, 0xff}),
                "non-minimal length at byte 1 is not allowed in DER");
  check_refused(sequence_of(0, {0x80}), "indefinite length at byte 1 is not allowed in DER");
  check_refused(sequence_of(0, {0x85, 0, 0, 0, 0, 1}),
                "length of 5 bytes at byte 1 is too long (at most 4)");
  check_refused(bytes({0x1f, 0x01, 0x00}), "multi-byte tag at byte 0 (X.509 uses none)");
}

TEST(ADerLength, ThatOutrunsTheInputIsATruncatedFile) {
  check_refused(bytes({0x30}), "test DER is truncated at byte 1");
  check_refused(bytes({0x30, 0x82, 0x01}), "test DER is truncated at byte 3");
  check_refused(bytes({0x30, 0x84, 0xff, 0xff, 0xff, 0xff}), "test DER is truncated at byte 6");
  check_refused(bytes({0x30, 0x02, 0x00}), "test DER is truncated at byte 3");
  check_refused(bytes({}), "test DER is truncated at byte 0");
}

TEST_GROUP(AnInnerDerReader){};

// SEQUENCE { INTEGER 5, SEQUENCE { INTEGER 7 } } at offsets 0, 2, 5 and 7.
TEST(AnInnerDerReader, GivesOffsetsInTheWholeInput) {
  const auto der = bytes({0x30, 0x08, 0x02, 0x01, 0x05, 0x30, 0x03, 0x02, 0x01, 0x07});
  DerReader whole(der, "test DER");
  const auto outer = whole.read(kSequence, "outer");
  CHECK(outer.is_ok());
  DerReader fields(*outer);
  CHECK(fields.next_is(kInteger));
  const auto five = fields.read(kInteger, "five");
  LONGS_EQUAL(2, five->offset);
  LONGS_EQUAL(4, five->content_offset);
  LONGS_EQUAL(5, five->content[0]);
  const auto inner = fields.read(kSequence, "inner");
  LONGS_EQUAL(5, inner->offset);
  CHECK(fields.at_end());
  CHECK_FALSE(fields.next_is(kInteger));
  DerReader inner_fields(*inner);
  const auto seven = inner_fields.read(kInteger, "seven");
  LONGS_EQUAL(7, seven->offset);
  LONGS_EQUAL(7, seven->content[0]);
  CHECK(inner_fields.finish("seven").is_ok());
}

TEST(AnInnerDerReader, SaysAnElementIsMissingOrOverrunsItsParent) {
  const auto der = bytes({0x30, 0x05, 0x02, 0x01, 0x05, 0x30, 0x09});
  DerReader whole(der, "test DER");
  const auto outer = whole.read(kSequence, "outer");
  DerReader fields(*outer);
  STRCMP_EQUAL("unexpected tag 0x02 at byte 2 (wanted SEQUENCE inner)",
               fields.read(kSequence, "SEQUENCE inner").status().message().c_str());
  STRCMP_EQUAL("unexpected tag 0x02 at byte 2 after the outer fields",
               fields.finish("the outer fields").message().c_str());
  CHECK(fields.read(kInteger, "INTEGER").is_ok());
  STRCMP_EQUAL("element at byte 5 runs past the end of its enclosing element at byte 7",
               fields.read("SEQUENCE inner").status().message().c_str());
  // A refused read leaves the reader where it was.
  STRCMP_EQUAL("element at byte 5 runs past the end of its enclosing element at byte 7",
               fields.read("SEQUENCE inner").status().message().c_str());
}

TEST(AnInnerDerReader, SaysWhichElementItsParentEndsBefore) {
  const auto der = bytes({0x30, 0x03, 0x02, 0x01, 0x05});
  DerReader whole(der, "test DER");
  DerReader fields(*whole.read(kSequence, "outer"));
  CHECK(fields.read(kInteger, "INTEGER").is_ok());
  STRCMP_EQUAL("missing SEQUENCE validity at byte 5, where its enclosing element ends",
               fields.read(kSequence, "SEQUENCE validity").status().message().c_str());
}
