#include "daemon/http/auth.h"

#include <strings.h>

#include <cstring>

namespace lanecast::http {

std::string_view bearer_token(const char* authorization_header) {
  if (authorization_header == nullptr) return {};
  std::string_view value(authorization_header);
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      strncasecmp(value.data(), kScheme.data(), kScheme.size()) != 0)
    return {};
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

TokenSet::TokenSet(const std::vector<std::string>& tokens) {
  digests_.reserve(tokens.size());
  for (const auto& token : tokens) digests_.push_back(sha256(token));
}

bool TokenSet::contains(std::string_view token) const {
  if (token.empty()) return false;
  const Sha256Digest candidate = sha256(token);
  unsigned match = 0;
  for (const auto& digest : digests_) {
    unsigned difference = 0;
    for (std::size_t i = 0; i < digest.size(); ++i) difference |= digest[i] ^ candidate[i];
    match |= (difference == 0) ? 1U : 0U;
  }
  return match != 0;
}

void Authenticator::replace(const std::vector<std::string>& webhook_tokens,
                            const std::vector<std::string>& staff_tokens) {
  auto webhook = std::make_shared<const TokenSet>(webhook_tokens);
  auto staff = std::make_shared<const TokenSet>(staff_tokens);
  std::lock_guard lock(mutex_);
  webhook_ = std::move(webhook);
  staff_ = std::move(staff);
}

std::shared_ptr<const TokenSet> Authenticator::webhook_tokens() const {
  std::lock_guard lock(mutex_);
  return webhook_;
}

std::shared_ptr<const TokenSet> Authenticator::staff_tokens() const {
  std::lock_guard lock(mutex_);
  return staff_;
}

void Authenticator::replace_own_hosts(OwnHosts hosts) {
  auto shared = std::make_shared<const OwnHosts>(std::move(hosts));
  std::lock_guard lock(mutex_);
  own_hosts_ = std::move(shared);
}

std::shared_ptr<const OwnHosts> Authenticator::own_hosts() const {
  std::lock_guard lock(mutex_);
  return own_hosts_;
}

}  // namespace lanecast::http
