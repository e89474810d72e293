#include "daemon/ctl/http_response.h"

#include <string>
#include <vector>

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::ctl::ResponseParser;
using State = ResponseParser::State;

namespace {

// Feeds `bytes` in pieces of `piece` bytes until the parser stops asking for more.
State feed_in_pieces(ResponseParser& parser, const std::string& bytes, std::size_t piece, std::size_t* used) {
  *used = 0;
  while (*used < bytes.size() && parser.state() == State::kNeedMore) {
    const std::string chunk = bytes.substr(*used, piece);
    parser.feed(chunk);
    *used += parser.consumed();
  }
  return parser.state();
}

}  // namespace

TEST_GROUP(AResponseParser){};

TEST(AResponseParser, ReadsABodyByContentLengthWhateverThePiecesAre) {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"ok\":\"yes\"}\nNEXT";
  for (std::size_t piece = 1; piece <= wire.size(); ++piece) {
    ResponseParser parser;
    std::size_t used = 0;
    CHECK_TRUE(feed_in_pieces(parser, wire, piece, &used) == State::kDone);
    LONGS_EQUAL(static_cast<long>(wire.size() - 4), static_cast<long>(used));  // "NEXT" is left
    LONGS_EQUAL(200, parser.response().status);
    STRCMP_EQUAL("{\"ok\":\"yes\"}\n", parser.response().body.c_str());
    STRCMP_EQUAL("application/json", parser.response().header("content-type")->c_str());
    CHECK_TRUE(parser.keep_alive());
  }
}

TEST(AResponseParser, JoinsChunksAndSkipsExtensionsAndTrailers) {
  const std::string wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nHello\r\n7\r\n, world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n";
  for (std::size_t piece = 1; piece <= wire.size(); ++piece) {
    ResponseParser parser;
    std::size_t used = 0;
    CHECK_TRUE(feed_in_pieces(parser, wire, piece, &used) == State::kDone);
    LONGS_EQUAL(static_cast<long>(wire.size()), static_cast<long>(used));
    STRCMP_EQUAL("Hello, world0123456789", parser.response().body.c_str());
  }
}

TEST(AResponseParser, ReadsABodyUntilTheConnectionClosesWhenItHasNoLength) {
  ResponseParser parser;
  CHECK_TRUE(parser.feed("HTTP/1.0 200 OK\r\n\r\npartial ") == State::kNeedMore);
  CHECK_TRUE(parser.feed("and the rest") == State::kNeedMore);
  CHECK_TRUE(parser.finish() == State::kDone);
  STRCMP_EQUAL("partial and the rest", parser.response().body.c_str());
  CHECK_FALSE(parser.keep_alive());
}

TEST(AResponseParser, KnowsWhenTheConnectionCanCarryAnotherRequest) {
  struct Case {
    const char* head;
    bool keep_alive;
  };
  const Case cases[] = {
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true},
      {"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false},
      {"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n", false},
      {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false},
      {"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true},
  };
  for (const Case& c : cases) {
    ResponseParser parser;
    CHECK_TRUE_TEXT(parser.feed(c.head) == State::kDone, c.head);
    CHECK_EQUAL_TEXT(c.keep_alive, parser.keep_alive(), c.head);
  }
}

TEST(AResponseParser, ExpectsNoBodyAfterHeadOr204Or304) {
  ResponseParser head(true);
  CHECK_TRUE(head.feed("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n") == State::kDone);
  for (const char* wire : {"HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"}) {
    ResponseParser parser;
    CHECK_TRUE_TEXT(parser.feed(wire) == State::kDone, wire);
    STRCMP_EQUAL("", parser.response().body.c_str());
  }
}

TEST(AResponseParser, SkipsAnInterimContinueAnswer) {
  ResponseParser parser;
  CHECK_TRUE(parser.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok") == State::kDone);
  LONGS_EQUAL(201, parser.response().status);
  STRCMP_EQUAL("ok", parser.response().body.c_str());
}

TEST(AResponseParser, RefusesWhatCouldSplitOrCorruptAResponse) {
  const char* rejected[] = {
      "HTTP/2 200 OK\r\n\r\n",
      "ICY 200 OK\r\n\r\n",
      "HTTP/1.1 20 OK\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 abc OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
      "HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1234567890abcdef0\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n",
  };
  for (const char* wire : rejected) {
    ResponseParser parser;
    CHECK_TRUE_TEXT(parser.feed(wire) == State::kError, wire);
    CHECK_FALSE(parser.error().empty());
    CHECK_FALSE(parser.keep_alive());
  }
}

TEST(AResponseParser, RefusesAResponseCutShort) {
  const char* cut[] = {
      "",
      "HTTP/1.1 200 OK\r\nContent-Len",
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHel",
  };
  for (const char* wire : cut) {
    ResponseParser parser;
    parser.feed(wire);
    CHECK_TRUE_TEXT(parser.finish() == State::kError, wire);
  }
}

TEST(AResponseParser, StopsAtItsLimits) {
  ResponseParser small_body(false, 4);
  CHECK_TRUE(small_body.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n") == State::kError);
  ResponseParser small_chunks(false, 4);
  CHECK_TRUE(small_chunks.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\nabc\r\n") == State::kError);
  ResponseParser huge_head;
  const std::string head = "HTTP/1.1 200 OK\r\nX: " + std::string(ResponseParser::kMaxHeaderBytes, 'a');
  CHECK_TRUE(huge_head.feed(head) == State::kError);
}
