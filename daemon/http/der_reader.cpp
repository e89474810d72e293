// DER elements read with every length checked before it is used: a length is compared with
// what is left of the enclosing element (or of the whole input) before the content is taken,
// so no arithmetic on a hostile length can reach past the buffer.
#include "daemon/http/der_reader.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace lanecast::http::detail {
namespace {

Status invalid(std::string message) { return Status::invalid_input(std::move(message)); }

}  // namespace

bool same_bytes(Bytes content, Bytes expected) {
  return std::equal(content.begin(), content.end(), expected.begin(), expected.end());
}

std::string at_byte(std::size_t offset) { return " at byte " + std::to_string(offset); }

std::string hex_byte(std::uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", byte);
  return text;
}

DerReader::DerReader(Bytes der, std::string_view name)
    : bytes_(der), name_(name), outermost_(true) {}

DerReader::DerReader(const Element& parent)
    : bytes_(parent.content), base_(parent.content_offset), outermost_(false) {}

Result<Element> DerReader::read(std::string_view wanted) {
  const std::size_t start = pos_;
  if (at_end()) return missing(wanted);
  const std::uint8_t tag = bytes_[start];
  if ((tag & 0x1F) == 0x1F)
    return invalid("multi-byte tag" + at_byte(base_ + start) + " (X.509 uses none)");
  std::size_t pos = start + 1;
  auto length = read_length(pos, start);
  if (!length.is_ok()) return length.status();
  if (*length > bytes_.size() - pos) return overrun(start);
  pos_ = pos + *length;
  return Element{tag, base_ + start, base_ + pos, bytes_.subspan(pos, *length)};
}

Result<Element> DerReader::read(std::uint8_t tag, std::string_view wanted) {
  if (!at_end() && bytes_[pos_] != tag) {
    return invalid("unexpected tag " + hex_byte(bytes_[pos_]) + at_byte(base_ + pos_) +
                   " (wanted " + std::string(wanted) + ")");
  }
  return read(wanted);
}

Status DerReader::finish(std::string_view after) const {
  if (at_end()) return Status::ok();
  return invalid("unexpected tag " + hex_byte(bytes_[pos_]) + at_byte(base_ + pos_) + " after " +
                 std::string(after));
}

// `pos` is just past the tag byte at `start`; on success it is just past the length bytes.
Result<std::size_t> DerReader::read_length(std::size_t& pos, std::size_t start) const {
  if (pos >= bytes_.size()) return overrun(start);
  const std::size_t length_offset = base_ + pos;
  const std::uint8_t first = bytes_[pos++];
  if (first < 0x80) return std::size_t{first};
  if (first == 0x80)
    return invalid("indefinite length" + at_byte(length_offset) + " is not allowed in DER");
  const std::size_t count = first & 0x7Fu;
  if (count > 4) {
    return invalid("length of " + std::to_string(count) + " bytes" + at_byte(length_offset) +
                   " is too long (at most 4)");
  }
  if (count > bytes_.size() - pos) return overrun(start);
  std::size_t length = 0;
  for (std::size_t i = 0; i < count; ++i) length = length << 8 | bytes_[pos++];
  if (bytes_[pos - count] == 0 || length < 0x80)
    return invalid("non-minimal length" + at_byte(length_offset) + " is not allowed in DER");
  return length;
}

Status DerReader::truncated() const {
  return invalid(std::string(name_) + " is truncated" + at_byte(base_ + bytes_.size()));
}

Status DerReader::missing(std::string_view wanted) const {
  if (outermost_) return truncated();
  return invalid("missing " + std::string(wanted) + at_byte(base_ + pos_) +
                 ", where its enclosing element ends");
}

Status DerReader::overrun(std::size_t start) const {
  if (outermost_) return truncated();
  return invalid("element" + at_byte(base_ + start) +
                 " runs past the end of its enclosing element" + at_byte(base_ + bytes_.size()));
}

}  // namespace lanecast::http::detail
