#include "daemon/ctl/daemon_client.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "scripted_server.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace lanecast::ctl;
using ctl_test::Reply;
using ctl_test::ScriptedServer;
using Kind = lanecast::Status::Kind;
using namespace std::chrono_literals;

namespace {

Url loopback(int port) { return *parse_url("http://127.0.0.1:" + std::to_string(port) + "/base"); }

Reply ok_json(const std::string& body, bool close_after = false) {
  return {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n" + body,
          close_after};
}

// A port nothing listens on: bound, then closed again.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

TEST_GROUP(AnHttpClient){};

TEST(AnHttpClient, SendsRequestsOverOneKeptAliveConnection) {
  ScriptedServer server([](int n, const std::string&) { return ok_json("{\"n\":" + std::to_string(n) + "}"); });
  HttpClient client(loopback(server.port()), 2s);
  for (int n = 0; n < 3; ++n) {
    auto response = client.get("/healthz");
    CHECK_TRUE_TEXT(response.is_ok(), response.status().to_string().c_str());
    LONGS_EQUAL(200, response->status);
    STRCMP_EQUAL(("{\"n\":" + std::to_string(n) + "}").c_str(), response->body.c_str());
  }
  LONGS_EQUAL(1, server.connections());
}

TEST(AnHttpClient, WritesAPlainHttp11RequestWithTokenAndBody) {
  ScriptedServer server([](int, const std::string&) { return ok_json("{}"); });
  HttpClient client(loopback(server.port()), 2s);
  CHECK_TRUE(client.post_json("/aifi/checkout", "{\"orderId\":1}", "secret-token").is_ok());
  const std::string request = server.requests().at(0);
  CHECK_TRUE(request.rfind("POST /base/aifi/checkout HTTP/1.1\r\n", 0) == 0);
  CHECK_TRUE(request.find("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
  CHECK_TRUE(request.find("\r\nAuthorization: Bearer secret-token\r\n") != std::string::npos);
  CHECK_TRUE(request.find("\r\nContent-Type: application/json\r\n") != std::string::npos);
  CHECK_TRUE(request.find("\r\nContent-Length: 13\r\n") != std::string::npos);
  CHECK_TRUE(request.size() >= 13 && request.substr(request.size() - 13) == "{\"orderId\":1}");

  CHECK_TRUE(client.get("/healthz").is_ok());
  CHECK_TRUE(server.requests().at(1).find("Authorization") == std::string::npos);
}

TEST(AnHttpClient, SendsAgainOnAFreshConnectionWhenTheServerDroppedAnIdleOne) {
  // The server closes after every answer without saying so, as one whose idle timer fired.
  ScriptedServer server([](int n, const std::string&) { return ok_json(std::to_string(n), true); });
  HttpClient client(loopback(server.port()), 2s);
  CHECK_TRUE(client.get("/a").is_ok());
  std::this_thread::sleep_for(50ms);
  auto second = client.get("/b");
  CHECK_TRUE_TEXT(second.is_ok(), second.status().to_string().c_str());
  STRCMP_EQUAL("1", second->body.c_str());
  LONGS_EQUAL(2, server.connections());
  LONGS_EQUAL(2, static_cast<long>(server.requests().size()));
}

TEST(AnHttpClient, ReadsChunkedAndCloseDelimitedAnswers) {
  ScriptedServer server([](int n, const std::string&) {
    if (n == 0) return Reply{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nlane\r\n4\r\ncast\r\n0\r\n\r\n"};
    return Reply{"HTTP/1.0 404 Not Found\r\n\r\n{\"error\":\"not_found\"}", true};
  });
  HttpClient client(loopback(server.port()), 2s);
  auto chunked = client.get("/one");
  CHECK_TRUE(chunked.is_ok());
  STRCMP_EQUAL("lanecast", chunked->body.c_str());
  auto closed = client.get("/two");
  CHECK_TRUE(closed.is_ok());
  LONGS_EQUAL(404, closed->status);
  STRCMP_EQUAL("{\"error\":\"not_found\"}", closed->body.c_str());
  STRCMP_EQUAL("HTTP 404: {\"error\":\"not_found\"}", describe_response(*closed).c_str());
}

TEST(AnHttpClient, GivesUpAtTheDeadlineWhenNoAnswerComes) {
  ScriptedServer server([](int, const std::string&) { return Reply{}; });
  HttpClient client(loopback(server.port()), 300ms);
  const auto started = std::chrono::steady_clock::now();
  auto response = client.get("/slow");
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK_FALSE(response.is_ok());
  CHECK_TRUE(response.status().kind() == Kind::kBusy);
  CHECK_TRUE(took >= 250ms && took < 2s);
}

TEST(AnHttpClient, ReportsARefusedConnectionAsAnIoError) {
  HttpClient client(loopback(closed_port()), 1s);
  auto response = client.get("/healthz");
  CHECK_FALSE(response.is_ok());
  CHECK_TRUE(response.status().kind() == Kind::kIoError);
  CHECK_TRUE(response.status().message().find("127.0.0.1") != std::string::npos);
}

TEST(AnHttpClient, ReportsAGarbledAnswerAsAnIoError) {
  ScriptedServer server([](int, const std::string&) { return Reply{"SSH-2.0-OpenSSH\r\n\r\n", true}; });
  HttpClient client(loopback(server.port()), 1s);
  auto response = client.get("/healthz");
  CHECK_FALSE(response.is_ok());
  CHECK_TRUE(response.status().kind() == Kind::kIoError);
}
