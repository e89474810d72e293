#include "storage/compression.h"

#include <zstd.h>

#include <string>

#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;
using Kind = lanecast::Status::Kind;

namespace {

std::string round_trip(const std::string& plain) {
  auto back = decompress(compress(plain));
  if (!back.is_ok()) return "<" + back.status().to_string() + ">";
  return back.value();
}

// Fifty cart lines as AiFi sends them: the shape the journal holds most of.
std::string cart_lines() {
  std::string cart = "{\"orderId\":77,\"cart\":[";
  for (int line = 1; line <= 50; ++line) {
    const std::string n = std::to_string(line);
    cart += std::string(line > 1 ? "," : "") + "{\"id\":\"item-" + n + "\",\"externalId\":\"sku-" + n +
            "\",\"name\":\"Artikel " + n + "\",\"category\":\"Obst & Gemüse\",\"price\":" +
            std::to_string(99 + line * 37 % 900) + ",\"quantity\":1,\"taxLines\":[]}";
  }
  return cart + "]}";
}

}  // namespace

TEST_GROUP(StoredBytes){};

TEST(StoredBytes, ComeBackExactlyAsTheyWent) {
  const std::string samples[] = {
      "{}", std::string("{\"a\":\"\0\"}", 9), "{\"name\":\"Gemüse – Äpfel\"}", cart_lines(),
      incompressible(300 * 1024)};
  for (const std::string& plain : samples) CHECK_TRUE(round_trip(plain) == plain);
}

TEST(StoredBytes, KeepTheEmptyStringEmpty) {
  STRCMP_EQUAL("", compress("").c_str());
  auto back = decompress("");
  CHECK_TRUE(back.is_ok());
  STRCMP_EQUAL("", back->c_str());
}

TEST(StoredBytes, TakeAFractionOfTheRoomOfACart) {
  const std::string cart = cart_lines();
  CHECK_TRUE(compress(cart).size() * 5 < cart.size());
}

TEST(StoredBytes, KeepAShortAnswerAsTextAndALongOneAsAFrame) {
  const std::string cart = cart_lines();
  const CompressedPayload checkout = compress_payload(cart, "{\"externalId\":\"LC-77\"}");
  CHECK_FALSE(checkout.answer.has_value());
  CHECK_TRUE(round_trip(cart) == cart);
  CHECK_TRUE(decompress(checkout.body).value() == cart);
  const CompressedPayload priced = compress_payload(cart, cart);
  CHECK_TRUE(priced.answer.has_value());
  CHECK_TRUE(decompress(*priced.answer).value() == cart);
  const std::string just_long(kShortestCompressedAnswer, 'a');
  CHECK_TRUE(compress_payload("{}", just_long).answer.has_value());
  CHECK_FALSE(compress_payload("{}", just_long.substr(1)).answer.has_value());
}

TEST(StoredBytes, ThatAreNotAFrameAreRefusedAsCorrupt) {
  auto text = decompress("{\"orderId\":77}");
  CHECK_FALSE(text.is_ok());
  CHECK_TRUE(text.status().kind() == Kind::kCorrupt);
}

TEST(StoredBytes, CutShortAreRefusedAsCorrupt) {
  const std::string frame = compress(cart_lines());
  auto cut = decompress(frame.substr(0, frame.size() - 5));
  CHECK_FALSE(cut.is_ok());
  CHECK_TRUE(cut.status().kind() == Kind::kCorrupt);
}

// The checksum: a changed byte in the middle of the data does not decode to other content.
TEST(StoredBytes, WithAChangedByteAreRefusedAsCorrupt) {
  std::string frame = compress(incompressible(4096));
  frame[frame.size() / 2] = static_cast<char>(frame[frame.size() / 2] ^ 0x10);
  auto changed = decompress(frame);
  CHECK_FALSE(changed.is_ok());
  CHECK_TRUE(changed.status().kind() == Kind::kCorrupt);
}

// A frame whose header claims more than any body and answer could be is not allocated for.
TEST(StoredBytes, ClaimingMoreThanTheLimitAreRefusedBeforeAnyAllocation) {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  ZSTD_CCtx_setPledgedSrcSize(context, kMaxPlainBytes + 1);
  std::string frame(64, '\0');
  ZSTD_outBuffer out{frame.data(), frame.size(), 0};
  ZSTD_inBuffer in{"x", 1, 0};
  ZSTD_compressStream2(context, &out, &in, ZSTD_e_flush);  // writes the header with that size
  ZSTD_freeCCtx(context);
  frame.resize(out.pos);
  CHECK_TRUE(ZSTD_getFrameContentSize(frame.data(), frame.size()) == kMaxPlainBytes + 1);
  auto huge = decompress(frame);
  CHECK_FALSE(huge.is_ok());
  CHECK_TRUE(huge.status().kind() == Kind::kCorrupt);
  CHECK_TRUE_TEXT(huge.status().message().find("claims") != std::string::npos,
                  huge.status().message().c_str());
}
