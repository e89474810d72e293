// Reading what an EventStream would send, for tests that hold one without a connection.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <CppUTest/TestHarness.h>

#include "daemon/http/event_stream.h"

// Reads exactly `bytes` (the stream must hold them: with nothing queued, read() would suspend
// a connection, and there is none here).
inline std::string read_exactly(lanecast::http::EventStream& stream, std::size_t bytes) {
  std::string out;
  std::vector<char> buffer(4096);
  while (out.size() < bytes) {
    const ssize_t n = stream.read(buffer.data(), std::min(buffer.size(), bytes - out.size()));
    if (n <= 0) FAIL("the stream ended early");
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return out;
}
