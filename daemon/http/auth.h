// Bearer-token checks for webhooks and the staff/read API, and the names loopback trust
// answers to (auth_hosts.h).
//
// Thread: replace() and replace_own_hosts() run on the main thread (start-up, SIGHUP); the
// getters on the libmicrohttpd thread. Each set is swapped atomically, so a rotation never
// sees a half-updated list and needs no restart.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/digest.h"
#include "daemon/http/auth_hosts.h"

namespace lanecast::http {

// Extracts the token from an "Authorization: Bearer <token>" header value; "" if absent or
// of another scheme. The scheme is matched case-insensitively (RFC 7235). A value with a
// control byte never reaches here: the server refuses it first (request_bytes.h).
std::string_view bearer_token(const char* authorization_header);

class TokenSet {
 public:
  TokenSet() = default;
  explicit TokenSet(const std::vector<std::string>& tokens);

  // Compares SHA-256 digests in constant time against every configured token, so neither
  // the position of the first differing byte nor the token's length leaks through timing.
  bool contains(std::string_view token) const;
  bool empty() const { return digests_.empty(); }
  std::size_t size() const { return digests_.size(); }

 private:
  std::vector<Sha256Digest> digests_;
};

// The live token sets, rotatable at runtime.
class Authenticator {
 public:
  void replace(const std::vector<std::string>& webhook_tokens,
               const std::vector<std::string>& staff_tokens);
  std::shared_ptr<const TokenSet> webhook_tokens() const;
  std::shared_ptr<const TokenSet> staff_tokens() const;

  void replace_own_hosts(OwnHosts hosts);
  std::shared_ptr<const OwnHosts> own_hosts() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const TokenSet> webhook_ = std::make_shared<TokenSet>();
  std::shared_ptr<const TokenSet> staff_ = std::make_shared<TokenSet>();
  std::shared_ptr<const OwnHosts> own_hosts_ = std::make_shared<OwnHosts>();
};

}  // namespace lanecast::http
