// A fit either succeeds with its estimates or says why it could not.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hlmm::calibrate {

struct FitError {
  std::string message;
};

template <typename T>
class Fit {
 public:
  Fit(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Fit(FitError error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const { return std::get<0>(v_); }
  const FitError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, FitError> v_;
};

}  // namespace hlmm::calibrate
