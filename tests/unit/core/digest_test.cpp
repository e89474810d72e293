#include "daemon/core/digest.h"

#include <string>

// Last: CppUTest redefines new, which standard headers must not see.
#include <CppUTest/TestHarness.h>

using lanecast::sha256;
using lanecast::sha256_hex;

namespace {
struct Vector {
  std::string message;
  const char* digest;
};

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf") and lengths around the
// padding boundaries: 55 bytes fit one block with the length, 56 need a second block.
const Vector kVectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {std::string(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {std::string(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {std::string(63, 'a'), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
    {std::string(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    {std::string(65, 'a'), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    {std::string(119, 'a'), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
    {std::string(120, 'a'), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
};

std::string binary_message() {
  std::string out;
  for (int i = 0; i < 100; ++i) out += std::string("\x00\xff", 2);
  return out;
}
}  // namespace

TEST_GROUP(ASha256Digest){};

TEST(ASha256Digest, MatchesTheStandardsTestVectors) {
  for (const auto& v : kVectors) STRCMP_EQUAL_TEXT(v.digest, sha256_hex(v.message).c_str(), v.message.c_str());
}

TEST(ASha256Digest, OfOneMillionLettersAMatchesTheStandard) {
  STRCMP_EQUAL("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
               sha256_hex(std::string(1'000'000, 'a')).c_str());
}

TEST(ASha256Digest, HashesBinaryBytesIncludingNul) {
  STRCMP_EQUAL("1d8f4aa690fea048ce553451118f3f7fcbed9a1685d0d41f9127e7b71725bbcb",
               sha256_hex(binary_message()).c_str());
}

TEST(ASha256Digest, AsRawBytesIsTheHexDigestDecoded) {
  const auto digest = sha256("abc");
  BYTES_EQUAL(0xba, digest[0]);
  BYTES_EQUAL(0x78, digest[1]);
  BYTES_EQUAL(0xad, digest[31]);
}
