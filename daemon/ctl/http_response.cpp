#include "daemon/ctl/http_response.h"

#include <algorithm>
#include <cctype>

namespace lanecast::ctl {
namespace {

constexpr std::size_t kMaxLineBytes = 4096;
constexpr std::size_t kMaxChunkHexDigits = 15;  // below 2^60: no overflow

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u) != 0) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// True when a comma-separated header value lists `token` (case-insensitive).
bool lists_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    if (equals_ignoring_case(trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool parse_decimal(std::string_view text, std::size_t* out) {
  if (text.empty() || text.size() > 18) return false;
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  *out = value;
  return true;
}

}  // namespace

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name)) return &value;
  }
  return nullptr;
}

ResponseParser::ResponseParser(bool bodiless, std::size_t max_body_bytes)
    : bodiless_(bodiless), max_body_(max_body_bytes) {}

ResponseParser::State ResponseParser::fail(std::string why) {
  error_ = std::move(why);
  state_ = State::kError;
  keep_alive_ = false;
  return state_;
}

ResponseParser::State ResponseParser::feed(std::string_view bytes) {
  consumed_ = 0;
  while (state_ == State::kNeedMore) {
    if (phase_ == Phase::kDone) {
      state_ = State::kDone;
      break;
    }
    if (consumed_ == bytes.size()) break;
    const std::string_view rest = bytes.substr(consumed_);
    consumed_ += phase_ == Phase::kHead ? feed_head(rest) : feed_body(rest);
  }
  return state_;
}

ResponseParser::State ResponseParser::finish() {
  if (state_ != State::kNeedMore) return state_;
  if (phase_ == Phase::kUntilClose || phase_ == Phase::kDone) {
    state_ = State::kDone;
    return state_;
  }
  return fail(phase_ == Phase::kHead && buffer_.empty()
                  ? "the connection closed before a response"
                  : "the connection closed in the middle of the response");
}

std::size_t ResponseParser::feed_head(std::string_view bytes) {
  const std::size_t old_size = buffer_.size();
  buffer_.append(bytes);
  const std::size_t from = old_size >= 3 ? old_size - 3 : 0;
  const auto end = buffer_.find("\r\n\r\n", from);
  if (end == std::string::npos) {
    if (buffer_.size() > kMaxHeaderBytes) fail("response headers over 64 KiB");
    return bytes.size();
  }
  const std::size_t used = end + 4 - old_size;
  const std::string head = buffer_.substr(0, end);
  buffer_.clear();
  if (!parse_head(head)) return used;
  if (response_.status >= 100 && response_.status < 200) {
    response_ = HttpResponse();  // an interim answer: the real one follows
    return used;
  }
  choose_body();
  return used;
}

bool ResponseParser::parse_status_line(std::string_view line) {
  if (line.substr(0, 9) == "HTTP/1.0 ") {
    http10_ = true;
  } else if (line.substr(0, 9) != "HTTP/1.1 ") {
    fail("not an HTTP/1.x status line");
    return false;
  }
  const std::string_view code = line.substr(9, 3);
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (line.size() > 12 && line[12] != ' ')) {
    fail("bad status code");
    return false;
  }
  response_.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  return true;
}

bool ResponseParser::parse_head(std::string_view head) {
  const auto first_end = head.find("\r\n");
  if (!parse_status_line(head.substr(0, first_end))) return false;
  std::string_view rest = first_end == std::string_view::npos ? std::string_view() : head.substr(first_end + 2);
  while (!rest.empty()) {
    const auto end = rest.find("\r\n");
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    const auto colon = line.find(':');
    if (line.empty() || line.front() == ' ' || line.front() == '\t') {
      fail("folded or empty header line");
      return false;
    }
    const std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || !std::all_of(name.begin(), name.end(), is_token_char)) {
      fail("bad header line");
      return false;
    }
    response_.headers.emplace_back(std::string(name), std::string(trim(line.substr(colon + 1))));
  }
  return true;
}

bool ResponseParser::choose_body() {
  const std::string* connection = response_.header("Connection");
  keep_alive_ = http10_ ? (connection != nullptr && lists_token(*connection, "keep-alive"))
                        : !(connection != nullptr && lists_token(*connection, "close"));
  if (bodiless_ || response_.status == 204 || response_.status == 304) {
    phase_ = Phase::kDone;
    return true;
  }
  if (const std::string* coding = response_.header("Transfer-Encoding")) {
    if (!equals_ignoring_case(trim(*coding), "chunked")) {
      fail("unsupported transfer coding '" + *coding + "'");
      return false;
    }
    phase_ = Phase::kChunkSize;
    return true;
  }
  bool has_length = false;
  for (const auto& [name, value] : response_.headers) {
    if (!equals_ignoring_case(name, "Content-Length")) continue;
    std::size_t length = 0;
    if (!parse_decimal(value, &length) || (has_length && length != remaining_)) {
      fail("bad or conflicting Content-Length");
      return false;
    }
    has_length = true;
    remaining_ = length;
  }
  if (!has_length) {
    phase_ = Phase::kUntilClose;
    keep_alive_ = false;
    return true;
  }
  if (remaining_ > max_body_) {
    fail("response body over the limit");
    return false;
  }
  response_.body.reserve(remaining_);
  phase_ = remaining_ == 0 ? Phase::kDone : Phase::kLengthBody;
  return true;
}

bool ResponseParser::append_body(std::string_view bytes) {
  if (response_.body.size() + bytes.size() > max_body_) {
    fail("response body over the limit");
    return false;
  }
  response_.body.append(bytes);
  return true;
}

// Collects one CRLF-terminated line, across calls; returns the bytes used.
std::size_t ResponseParser::feed_line(std::string_view bytes, std::string* line_out, bool* complete) {
  const auto newline = bytes.find('\n');
  const std::size_t used = newline == std::string_view::npos ? bytes.size() : newline + 1;
  buffer_.append(bytes.substr(0, used));
  *complete = false;
  if (buffer_.size() > (phase_ == Phase::kTrailers ? kMaxHeaderBytes : kMaxLineBytes)) {
    fail("chunk line too long");
    return used;
  }
  if (newline == std::string_view::npos) return used;
  if (buffer_.size() < 2 || buffer_[buffer_.size() - 2] != '\r') {
    fail("chunk line without CRLF");
    return used;
  }
  *line_out = buffer_.substr(0, buffer_.size() - 2);
  buffer_.clear();
  *complete = true;
  return used;
}

bool ResponseParser::on_chunk_size(std::string_view line) {
  const std::string_view digits = trim(line.substr(0, line.find(';')));
  if (digits.empty() || digits.size() > kMaxChunkHexDigits ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
    fail("bad chunk size");
    return false;
  }
  std::size_t size = 0;
  for (char c : digits) {
    const int value = std::isdigit(static_cast<unsigned char>(c)) != 0 ? c - '0' : std::tolower(c) - 'a' + 10;
    size = size * 16 + static_cast<std::size_t>(value);
  }
  remaining_ = size;
  phase_ = size == 0 ? Phase::kTrailers : Phase::kChunkData;
  return true;
}

std::size_t ResponseParser::feed_body(std::string_view bytes) {
  if (phase_ == Phase::kLengthBody || phase_ == Phase::kChunkData) {
    const std::size_t n = std::min(remaining_, bytes.size());
    if (!append_body(bytes.substr(0, n))) return n;
    remaining_ -= n;
    if (remaining_ == 0) phase_ = phase_ == Phase::kLengthBody ? Phase::kDone : Phase::kChunkDataEnd;
    return n;
  }
  if (phase_ == Phase::kUntilClose) {
    append_body(bytes);
    return bytes.size();
  }
  std::string line;
  bool complete = false;
  const std::size_t used = feed_line(bytes, &line, &complete);
  if (!complete) return used;
  if (phase_ == Phase::kChunkSize) {
    on_chunk_size(line);
  } else if (phase_ == Phase::kChunkDataEnd) {
    if (line.empty()) {
      phase_ = Phase::kChunkSize;
    } else {
      fail("chunk data longer than its size");
    }
  } else if (phase_ == Phase::kTrailers && line.empty()) {
    phase_ = Phase::kDone;
  }
  return used;
}

}  // namespace lanecast::ctl
