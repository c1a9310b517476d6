#include "hyperliquid/private_key.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ostream>
#include <type_traits>

#include "hyperliquid/error.hpp"
#include "key_test.hpp"

namespace hlmm::hl {
namespace {

using test::kVectorAddress;
using test::kVectorKey;
using test::TempDir;

template <class T>
concept Streamable = requires(std::ostream& os, const T& v) { os << v; };

static_assert(!std::is_copy_constructible_v<PrivateKey>);
static_assert(!std::is_copy_assignable_v<PrivateKey>);
static_assert(std::is_nothrow_move_constructible_v<PrivateKey>);
static_assert(!Streamable<PrivateKey>, "a key must not be printable");
static_assert(!std::is_default_constructible_v<PrivateKey>);

ErrorCode code_of_hex(const std::string& text) {
  try {
    PrivateKey::from_hex(text);
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).find(text.size() > 8 ? text.substr(2, 8) : "\x01"), std::string::npos)
        << "the error echoes the key text";
    return e.code();
  }
  ADD_FAILURE() << "accepted";
  return ErrorCode::kBadHex;
}

ErrorCode code_of_file(const std::string& path, std::string* message = nullptr) {
  try {
    PrivateKey::from_file(path);
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  ADD_FAILURE() << "accepted " << path;
  return ErrorCode::kBadHex;
}

TEST(PrivateKey, HexForms) {
  EXPECT_EQ(PrivateKey::from_hex(kVectorKey).address().to_string(), kVectorAddress);
  EXPECT_EQ(PrivateKey::from_hex(std::string(kVectorKey).substr(2)).address().to_string(), kVectorAddress);
  EXPECT_EQ(PrivateKey::from_hex(std::string("  ") + kVectorKey + "\n").address().to_string(), kVectorAddress);
}

TEST(PrivateKey, MalformedAndOutOfRange) {
  EXPECT_EQ(code_of_hex("0x1234"), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_hex(std::string(kVectorKey) + "0"), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_hex("0x01234567890123456789012345678901234567890123456789012345678901zz"), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_hex("0x 123456789012345678901234567890123456789012345678901234567890123"), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_hex(""), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_hex("0x" + std::string(64, '0')), ErrorCode::kKeyOutOfRange);
  // The curve order n, and n + 1: not valid secrets. n - 1 is.
  EXPECT_EQ(code_of_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"), ErrorCode::kKeyOutOfRange);
  EXPECT_EQ(code_of_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142"), ErrorCode::kKeyOutOfRange);
  EXPECT_TRUE(PrivateKey::from_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140").valid());
}

TEST(PrivateKey, FileWithOwnerOnlyModeLoads) {
  TempDir dir;
  EXPECT_EQ(PrivateKey::from_file(dir.write("k", std::string(kVectorKey) + "\n", 0600)).address().to_string(),
            kVectorAddress);
  EXPECT_EQ(PrivateKey::from_file(dir.write("r", kVectorKey, 0400)).address().to_string(), kVectorAddress);
}

TEST(PrivateKey, FileAccessibleToOthersIsRefusedWithTheReason) {
  TempDir dir;
  std::string msg;
  const std::string p = dir.write("k", kVectorKey, 0640);
  EXPECT_EQ(code_of_file(p, &msg), ErrorCode::kKeyFilePermissions);
  EXPECT_NE(msg.find("0640"), std::string::npos) << msg;
  EXPECT_NE(msg.find("chmod 600"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("0123456789"), std::string::npos) << "key text in the message";
  EXPECT_EQ(code_of_file(dir.write("w", kVectorKey, 0604)), ErrorCode::kKeyFilePermissions);
  EXPECT_EQ(code_of_file(dir.write("g", kVectorKey, 0620)), ErrorCode::kKeyFilePermissions);
  EXPECT_EQ(code_of_file(dir.write("x", kVectorKey, 0601)), ErrorCode::kKeyFilePermissions);
}

TEST(PrivateKey, FileProblems) {
  TempDir dir;
  EXPECT_EQ(code_of_file((dir.path() / "absent").string()), ErrorCode::kKeyFileUnreadable);
  EXPECT_EQ(code_of_file(dir.path().string()), ErrorCode::kKeyFileUnreadable);  // a directory
  EXPECT_EQ(code_of_file(dir.write("short", "0x1234\n", 0600)), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_file(dir.write("two", std::string(kVectorKey) + "\n" + kVectorKey + "\n", 0600)),
            ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_file(dir.write("big", std::string(4096, 'a'), 0600)), ErrorCode::kKeyMalformed);
  EXPECT_EQ(code_of_file(dir.write("empty", "", 0600)), ErrorCode::kKeyMalformed);
}

class EnvKey : public ::testing::Test {
 protected:
  void TearDown() override { ::unsetenv(kPrivateKeyEnvVar); }
};

TEST_F(EnvKey, FromEnvironment) {
  ::setenv(kPrivateKeyEnvVar, kVectorKey, 1);
  EXPECT_EQ(PrivateKey::from_env().address().to_string(), kVectorAddress);
  EXPECT_EQ(PrivateKey::load(std::nullopt).address().to_string(), kVectorAddress);
}

TEST_F(EnvKey, MissingOrEmptyIsNamed) {
  ::unsetenv(kPrivateKeyEnvVar);
  try {
    PrivateKey::load(std::nullopt);
    FAIL() << "loaded a key from nowhere";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kKeyMissing);
  }
  ::setenv(kPrivateKeyEnvVar, "", 1);
  try {
    PrivateKey::from_env();
    FAIL() << "loaded an empty key";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kKeyMissing);
  }
}

TEST_F(EnvKey, KeyFileWinsOverEnvironment) {
  TempDir dir;
  const std::string other_key = "0x" + std::string(63, '0') + "1";
  ::setenv(kPrivateKeyEnvVar, other_key.c_str(), 1);
  const PrivateKey from_file = PrivateKey::load(dir.write("k", kVectorKey, 0600));
  EXPECT_EQ(from_file.address().to_string(), kVectorAddress);
  EXPECT_NE(PrivateKey::load(std::nullopt).address().to_string(), kVectorAddress);
}

TEST(PrivateKey, MovedFromKeyRefusesToSign) {
  PrivateKey a = PrivateKey::from_hex(kVectorKey);
  PrivateKey b = std::move(a);
  EXPECT_TRUE(b.valid());
  EXPECT_FALSE(a.valid());  // NOLINT(bugprone-use-after-move): the point of the test
  try {
    (void)a.sign(Hash32{});
    FAIL() << "a moved-from key signed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kKeyMovedFrom);
  }
  EXPECT_EQ(b.address().to_string(), kVectorAddress);
  PrivateKey c = PrivateKey::from_hex("0x" + std::string(63, '0') + "1");
  c = std::move(b);
  EXPECT_EQ(c.address().to_string(), kVectorAddress);
  EXPECT_FALSE(b.valid());  // NOLINT(bugprone-use-after-move)
}

// Same digest, same key: RFC 6979 makes the signature deterministic, and it is low-s.
TEST(PrivateKey, SignaturesAreDeterministicAndLowS) {
  const PrivateKey k = PrivateKey::from_hex(kVectorKey);
  for (int i = 0; i < 64; ++i) {
    const Hash32 d = keccak256(std::to_string(i));
    const Signature s1 = k.sign(d);
    EXPECT_EQ(s1, k.sign(d));
    // Low-s: s <= n/2, compared as big-endian bytes.
    std::array<std::uint8_t, 32> half{};
    ASSERT_TRUE(decode_hex_exact("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", half));
    EXPECT_LE(s1.s, half);
    EXPECT_EQ(recover_address(d, s1)->to_string(), kVectorAddress);
  }
}

}  // namespace
}  // namespace hlmm::hl
