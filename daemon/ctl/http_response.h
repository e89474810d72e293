// An HTTP/1.1 response, and the incremental parser that reads one off a byte stream.
//
// The parser takes bytes as they arrive, in pieces of any size, and knows where the response
// ends: Content-Length, chunked transfer coding (extensions and trailers skipped), or the
// connection closing. It is strict where a lenient reading could split one response into two
// (conflicting Content-Length headers, an unknown transfer coding, bad chunk sizes), and
// bounded (64 KiB of headers, a configurable body size).
//
// Thread: one parser per response, used by one thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lanecast::ctl {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;                                          // de-chunked

  // The first header of that name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

class ResponseParser {
 public:
  enum class State { kNeedMore, kDone, kError };

  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

  // `bodiless`: the request was HEAD, so no body follows whatever the headers say.
  explicit ResponseParser(bool bodiless = false, std::size_t max_body_bytes = 1u << 30);

  // Consumes bytes; stops at the end of the response (the rest of `bytes` belongs to the
  // next one and is left: see consumed()). 1xx interim responses are skipped.
  State feed(std::string_view bytes);
  // The peer closed the connection: ends a body that runs until close, else an error.
  State finish();

  State state() const { return state_; }
  std::size_t consumed() const { return consumed_; }  // bytes of the last feed() used
  const std::string& error() const { return error_; }
  bool keep_alive() const { return keep_alive_; }  // the connection may carry another request
  HttpResponse& response() { return response_; }

 private:
  enum class Phase { kHead, kLengthBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailers, kUntilClose, kDone };

  State fail(std::string why);
  bool parse_head(std::string_view head);
  bool parse_status_line(std::string_view line);
  bool choose_body();
  std::size_t feed_head(std::string_view bytes);
  std::size_t feed_body(std::string_view bytes);
  std::size_t feed_line(std::string_view bytes, std::string* line_out, bool* complete);
  bool on_chunk_size(std::string_view line);
  bool append_body(std::string_view bytes);

  bool bodiless_;
  std::size_t max_body_;
  State state_ = State::kNeedMore;
  Phase phase_ = Phase::kHead;
  std::string buffer_;  // head bytes or a partial line
  std::size_t remaining_ = 0;
  std::size_t consumed_ = 0;
  bool keep_alive_ = true;
  bool http10_ = false;
  std::string error_;
  HttpResponse response_;
};

}  // namespace lanecast::ctl
