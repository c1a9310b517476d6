// Named errors and a small result type shared by the policy solvers and the table encoder.
// std::expected is C++23; the project builds as C++20, so this is the minimal stand-in.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hlmm::policy {

enum class PolicyErrorCode {
  kInvalidParameter,    // a model or grid parameter is out of its domain (message names it)
  kCflViolation,        // explicit step above the monotonicity bound
  kNotFinite,           // NaN (or an infinity where only finite values are allowed)
  kNegativeSize,        // a size-curve entry below zero
  kNonUniformGrid,      // grid nodes not equally spaced
  kTooManyLevels,       // more inventory levels than kMaxInventoryLevels
  kTooManyFundingBins,  // more funding bins than kMaxFundingBins
  kTooManyTimeBins,     // more time bins than kMaxTimeBins
  kShapeMismatch,       // array sizes disagree with the grid
  kOutOfRange,          // a value does not fit its fixed-point field
  kOffsetTooLarge,      // an offset needs a shift above kMaxOffsetShift
  kIo,                  // file could not be opened, read or written
  kBadFile,             // wrong magic, version, length or checksum; corrupt content
};

const char* policy_error_name(PolicyErrorCode code);

struct PolicyError {
  PolicyErrorCode code;
  std::string message;  // says what was wrong and what to do
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}                 // NOLINT: implicit by design
  Result(PolicyError error) : v_(std::move(error)) {}       // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const PolicyError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, PolicyError> v_;
};

// For operations that return nothing but can fail (file writers).
struct Done {};
using Status = Result<Done>;

inline PolicyError make_error(PolicyErrorCode code, std::string message) {
  return PolicyError{code, std::move(message)};
}

}  // namespace hlmm::policy
