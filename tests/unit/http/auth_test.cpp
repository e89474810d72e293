#include "daemon/http/auth.h"

#include <CppUTest/TestHarness.h>

#include <string>

using lanecast::http::Authenticator;
using lanecast::http::bearer_token;
using lanecast::http::TokenSet;

TEST_GROUP(ABearerHeader){};

TEST(ABearerHeader, YieldsTheTokenWhateverTheSchemeCase) {
  CHECK(bearer_token("Bearer abc123") == "abc123");
  CHECK(bearer_token("bearer abc123") == "abc123");
  CHECK(bearer_token("BEARER  abc123 ") == "abc123");
}

TEST(ABearerHeader, YieldsNothingForOtherSchemesOrNoHeader) {
  CHECK(bearer_token(nullptr).empty());
  CHECK(bearer_token("").empty());
  CHECK(bearer_token("Bearer").empty());
  CHECK(bearer_token("Bearer ").empty());
  CHECK(bearer_token("Basic YWxhZGRpbjpvcGVuc2VzYW1l").empty());
  CHECK(bearer_token("Bearerabc").empty());
}

TEST_GROUP(ATokenSet){};

TEST(ATokenSet, AcceptsEveryConfiguredTokenAndNothingElse) {
  TokenSet tokens({"first-token", "second-token"});
  CHECK(tokens.contains("first-token"));
  CHECK(tokens.contains("second-token"));
  CHECK_FALSE(tokens.contains("first-toke"));
  CHECK_FALSE(tokens.contains("first-token "));
  CHECK_FALSE(tokens.contains("FIRST-TOKEN"));
  CHECK_FALSE(tokens.contains(""));
}

TEST(ATokenSet, ThatIsEmptyAcceptsNothing) {
  TokenSet tokens;
  CHECK(tokens.empty());
  CHECK_FALSE(tokens.contains("anything"));
}

TEST_GROUP(AnAuthenticator){};

TEST(AnAuthenticator, SwapsTokensWhileOldSnapshotsStayValid) {
  Authenticator auth;
  auth.replace({"old"}, {"staff"});
  auto before = auth.webhook_tokens();
  auth.replace({"new"}, {});
  CHECK(before->contains("old"));
  CHECK_FALSE(auth.webhook_tokens()->contains("old"));
  CHECK(auth.webhook_tokens()->contains("new"));
  CHECK(auth.staff_tokens()->empty());
}
