#include "daemon/pricing/time_zone.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>


namespace lanecast::pricing {
namespace {

constexpr std::size_t kHeaderSize = 44;
constexpr std::size_t kMaxFileBytes = 1 << 20;  // real zones are a few KiB
constexpr std::int32_t kMaxOffset = 26 * 3600;  // RFC 8536 bounds offsets to under 26 hours

struct Counts {
  char version = 0;
  std::size_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;

  std::size_t block_size(std::size_t time_size) const {
    return time * time_size + time + type * 6 + chars + leap * (time_size + 4) + isstd + isut;
  }
};

struct ParsedTzif {
  std::vector<std::int64_t> transitions;
  std::vector<std::uint8_t> transition_types;
  std::vector<ZoneOffset> types;
  std::string_view footer;
};

std::uint64_t read_be(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// Signed big-endian integer of 4 or 8 bytes (two's complement).
std::int64_t read_signed(std::string_view bytes, std::size_t at, std::size_t size) {
  const std::uint64_t raw = read_be(bytes, at, size);
  if (size == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(raw));
  return static_cast<std::int64_t>(raw);
}

bool read_header(std::string_view bytes, std::size_t at, Counts& counts) {
  if (bytes.size() < at + kHeaderSize || bytes.substr(at, 4) != "TZif") return false;
  counts.version = bytes[at + 4];
  std::size_t* fields[] = {&counts.isut, &counts.isstd, &counts.leap,
                           &counts.time, &counts.type,  &counts.chars};
  for (std::size_t i = 0; i < 6; ++i) *fields[i] = read_be(bytes, at + 20 + 4 * i, 4);
  return true;
}

Status check_counts(const Counts& c) {
  if (c.type == 0 || c.type > 256) return Status::invalid_input("bad number of local time types");
  if (c.chars == 0) return Status::invalid_input("no time zone designations");
  if ((c.isut != 0 && c.isut != c.type) || (c.isstd != 0 && c.isstd != c.type))
    return Status::invalid_input("indicator counts disagree with the number of types");
  return Status::ok();
}

Status parse_transitions(std::string_view block, const Counts& c, std::size_t time_size,
                         ParsedTzif& out) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < c.time; ++i, at += time_size) {
    const std::int64_t when = read_signed(block, at, time_size);
    if (!out.transitions.empty() && when <= out.transitions.back())
      return Status::invalid_input("transition times are not ascending");
    out.transitions.push_back(when);
  }
  for (std::size_t i = 0; i < c.time; ++i, ++at) {
    const auto type = static_cast<std::uint8_t>(block[at]);
    if (type >= c.type) return Status::invalid_input("transition names a missing type");
    out.transition_types.push_back(type);
  }
  for (std::size_t i = 0; i < c.type; ++i, at += 6) {
    const auto offset = static_cast<std::int32_t>(read_signed(block, at, 4));
    const auto is_dst = static_cast<unsigned char>(block[at + 4]);
    const auto designation = static_cast<unsigned char>(block[at + 5]);
    if (offset <= -kMaxOffset || offset >= kMaxOffset || is_dst > 1 || designation >= c.chars)
      return Status::invalid_input("bad local time type");
    out.types.push_back(ZoneOffset{offset, is_dst == 1});
  }
  return Status::ok();
}

// Locates the data block to use (the 64-bit one for version 2+) and the footer.
Result<ParsedTzif> parse_tzif(std::string_view bytes) {
  Counts counts;
  if (!read_header(bytes, 0, counts)) return Status::invalid_input("not a TZif file");
  if (counts.version != 0 && (counts.version < '2' || counts.version > '4'))
    return Status::invalid_input("unsupported TZif version");
  std::size_t block_at = kHeaderSize;
  std::size_t time_size = 4;
  if (counts.version != 0) {
    const std::size_t second_header = kHeaderSize + counts.block_size(4);
    if (!read_header(bytes, second_header, counts))
      return Status::invalid_input("missing 64-bit header");
    block_at = second_header + kHeaderSize;
    time_size = 8;
  }
  if (Status s = check_counts(counts); !s.is_ok()) return s;
  const std::size_t block_end = block_at + counts.block_size(time_size);
  if (bytes.size() < block_end) return Status::invalid_input("truncated file");
  ParsedTzif parsed;
  Status status = parse_transitions(bytes.substr(block_at), counts, time_size, parsed);
  if (!status.is_ok()) return status;
  if (counts.version != 0) {
    const std::string_view rest = bytes.substr(block_end);
    const std::size_t close = rest.find('\n', 1);
    if (rest.empty() || rest.front() != '\n' || close == std::string_view::npos)
      return Status::invalid_input("missing footer");
    parsed.footer = rest.substr(1, close - 1);
  }
  return parsed;
}

bool is_plain_zone_name(const std::string& name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '_' || c == '-' || c == '+' || c == '.';
    if (!ok) return false;
  }
  // No empty, "." or ".." component may walk out of the zoneinfo directory.
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    const std::string part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

Result<TimeZone> TimeZone::from_tzif(std::string_view bytes, std::string name) {
  Result<ParsedTzif> parsed = parse_tzif(bytes);
  if (!parsed.is_ok())
    return Status::invalid_input("time zone '" + name + "': " + parsed.status().message());
  TimeZone zone;
  zone.name_ = std::move(name);
  zone.transitions_ = std::move(parsed->transitions);
  zone.transition_types_ = std::move(parsed->transition_types);
  zone.types_ = std::move(parsed->types);
  if (!parsed->footer.empty()) {
    Result<PosixTz> footer = PosixTz::parse(parsed->footer);
    if (!footer.is_ok())
      return Status::invalid_input("time zone '" + zone.name_ + "': " + footer.status().message());
    zone.footer_ = std::move(footer).value();
  }
  return zone;
}

Result<TimeZone> TimeZone::load(const std::string& name, const std::string& zoneinfo_dir) {
  if (!is_plain_zone_name(name))
    return Status::invalid_input("'" + name + "' is not a time zone name");
  const std::string path = zoneinfo_dir + "/" + name;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Status::not_found("unknown time zone '" + name + "' (no " + path + ")");
  std::string bytes(kMaxFileBytes + 1, '\0');
  const std::size_t size = std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (std::ferror(file.get()))
    return Status::invalid_input("time zone '" + name + "': cannot read " + path);
  if (size > kMaxFileBytes)
    return Status::invalid_input("time zone '" + name + "': file too large");
  bytes.resize(size);
  return from_tzif(bytes, name);
}

TimeZone TimeZone::utc() {
  TimeZone zone;
  zone.name_ = "UTC";
  zone.types_.push_back(ZoneOffset{0, false});
  return zone;
}

ZoneOffset TimeZone::offset_at(std::int64_t unix_seconds) const {
  if (transitions_.empty() || unix_seconds >= transitions_.back()) {
    if (footer_) return footer_->offset_at(unix_seconds);
    if (transitions_.empty()) return types_.front();
  }
  if (unix_seconds < transitions_.front()) return types_.front();
  const auto after = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  const auto index = static_cast<std::size_t>(after - transitions_.begin()) - 1;
  return types_[transition_types_[index]];
}

LocalTime TimeZone::to_local(std::int64_t unix_seconds) const {
  LocalTime local;
  local.offset = offset_at(unix_seconds);
  using namespace std::chrono;
  const sys_seconds wall(seconds(unix_seconds + local.offset.utc_offset));
  const sys_days day = floor<days>(wall);
  const year_month_day date(day);
  local.year = static_cast<int>(date.year());
  local.month = static_cast<int>(static_cast<unsigned>(date.month()));
  local.day = static_cast<int>(static_cast<unsigned>(date.day()));
  local.weekday = static_cast<int>(weekday(day).c_encoding());
  local.second_of_day = static_cast<int>((wall - day).count());
  return local;
}

}  // namespace lanecast::pricing
