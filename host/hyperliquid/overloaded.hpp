// The visitor-of-lambdas idiom for std::visit over the action variants.
#pragma once

namespace hlmm::hl {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace hlmm::hl
