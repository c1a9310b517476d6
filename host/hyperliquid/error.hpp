// One exception type for the whole Hyperliquid layer, carrying a code per failure class so that a
// caller (and a test) can tell a malformed price from a bad key without parsing message text.
// Messages never contain key material: key errors name the source and the rule broken, not bytes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hlmm::hl {

enum class ErrorCode : std::uint8_t {
  kBadHex,             // not hex, odd length, or the wrong number of digits
  kBadAddress,         // not "0x" + 40 hex digits
  kBadCloid,           // not "0x" + 32 hex digits
  kBadPrice,           // not a non-negative decimal with at most 8 decimals
  kBadSize,            // same rule as prices
  kBadTif,             // not Alo / Ioc / Gtc
  kBadTpsl,            // not tp / sl
  kBadGrouping,        // not na / normalTpsl / positionTpsl / {"p": n}
  kEmptyBatch,         // an order/cancel/modify list with no entries
  kJsonSyntax,         // the text is not JSON
  kJsonShape,          // a field is missing, has the wrong JSON type, or is not allowed there
  kUnknownKey,         // a key this action does not define (it would be silently unsigned)
  kUnknownActionType,  // "type" names an action this build cannot encode
  kNotAnInteger,       // a float, or a string, where the wire wants an integer
  kIntegerOutOfRange,  // an integer that does not fit the field
  kKeyMissing,         // neither HLMM_PRIVATE_KEY nor a key file was given
  kKeyFileUnreadable,  // the key file cannot be opened or read, or is not a regular file
  kKeyFilePermissions, // the key file is accessible to group or others
  kKeyMalformed,       // not 64 hex digits (an optional 0x and surrounding whitespace allowed)
  kKeyOutOfRange,      // zero or not below the curve order
  kKeyMovedFrom,       // a PrivateKey used after it was moved from
  kBadSignature,       // r/s/v that cannot be parsed or recovered
};

constexpr std::string_view error_code_name(ErrorCode c) {
  switch (c) {
    case ErrorCode::kBadHex: return "bad_hex";
    case ErrorCode::kBadAddress: return "bad_address";
    case ErrorCode::kBadCloid: return "bad_cloid";
    case ErrorCode::kBadPrice: return "bad_price";
    case ErrorCode::kBadSize: return "bad_size";
    case ErrorCode::kBadTif: return "bad_tif";
    case ErrorCode::kBadTpsl: return "bad_tpsl";
    case ErrorCode::kBadGrouping: return "bad_grouping";
    case ErrorCode::kEmptyBatch: return "empty_batch";
    case ErrorCode::kJsonSyntax: return "json_syntax";
    case ErrorCode::kJsonShape: return "json_shape";
    case ErrorCode::kUnknownKey: return "unknown_key";
    case ErrorCode::kUnknownActionType: return "unknown_action_type";
    case ErrorCode::kNotAnInteger: return "not_an_integer";
    case ErrorCode::kIntegerOutOfRange: return "integer_out_of_range";
    case ErrorCode::kKeyMissing: return "key_missing";
    case ErrorCode::kKeyFileUnreadable: return "key_file_unreadable";
    case ErrorCode::kKeyFilePermissions: return "key_file_permissions";
    case ErrorCode::kKeyMalformed: return "key_malformed";
    case ErrorCode::kKeyOutOfRange: return "key_out_of_range";
    case ErrorCode::kKeyMovedFrom: return "key_moved_from";
    case ErrorCode::kBadSignature: return "bad_signature";
  }
  return "unknown_error";
}

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& detail)
      : std::runtime_error(std::string(error_code_name(code)) + ": " + detail), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace hlmm::hl
