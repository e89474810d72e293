#include "daemon/ctl/daemon_client.h"

#include <curl/curl.h>

#include <array>

namespace lanecast::ctl {
namespace {

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

bool is_certificate_problem(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return true;
    default:
      return false;
  }
}

// libcurl's own words (the error buffer holds the specific reason, e.g. GnuTLS's "server
// certificate verification failed. CAfile: ca.pem"), with a hint where one helps.
Status failure(CURLcode code, const char* detail, const std::string& url) {
  const std::string why = *detail != '\0' ? detail : curl_easy_strerror(code);
  if (code == CURLE_OPERATION_TIMEDOUT) return Status::busy(url + ": timed out (" + why + ")");
  if (is_certificate_problem(code))
    return Status::io_error(url + ": the daemon's certificate is not trusted: " + why +
                            " (pass the store's CA with --cacert FILE)");
  if (code == CURLE_COULDNT_RESOLVE_HOST) return Status::io_error(url + ": cannot resolve host: " + why);
  if (code == CURLE_COULDNT_CONNECT) return Status::io_error(url + ": cannot connect: " + why);
  return Status::io_error(url + ": " + why);
}

}  // namespace

struct HttpClient::Handle {
  std::unique_ptr<CURL, EasyDeleter> easy{curl_easy_init()};
  std::array<char, CURL_ERROR_SIZE> error{};
};

HttpClient::HttpClient(Url base, std::chrono::milliseconds timeout)
    : base_(std::move(base)), timeout_(timeout), handle_(std::make_unique<Handle>()) {
  CURL* easy = handle_->easy.get();
  if (easy == nullptr) return;  // perform() reports it
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle_->error.data());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &append_body);
  if (!base_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, base_.ca_file.c_str());
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::perform(std::string_view path, std::string_view bearer_token,
                                         const std::string* json_body) {
  const std::string url = base_.to_string() + std::string(path);
  CURL* easy = handle_->easy.get();
  if (easy == nullptr) return Status::internal(url + ": libcurl could not start");
  HeaderList headers;
  const auto add = [&](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  if (!bearer_token.empty()) add("Authorization: Bearer " + std::string(bearer_token));
  // Without this libcurl waits for "100 Continue" before a larger body: a round trip lost.
  add("Expect:");
  if (json_body != nullptr) {
    add("Content-Type: application/json");
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, json_body->data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body->size()));
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  HttpResponse response;
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &response.body);
  handle_->error[0] = '\0';
  const CURLcode code = curl_easy_perform(easy);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);  // the list dies with this call
  if (code != CURLE_OK) return failure(code, handle_->error.data(), url);
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

Result<HttpResponse> HttpClient::get(std::string_view path, std::string_view bearer_token) {
  return perform(path, bearer_token, nullptr);
}

Result<HttpResponse> HttpClient::post_json(std::string_view path, std::string_view body,
                                           std::string_view bearer_token) {
  const std::string copy(body);
  return perform(path, bearer_token, &copy);
}

std::string describe_response(const HttpResponse& response) {
  constexpr std::size_t kShown = 300;
  std::string body = response.body.substr(0, kShown);
  if (response.body.size() > kShown) body += "...";
  for (char& c : body) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "HTTP " + std::to_string(response.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace lanecast::ctl
