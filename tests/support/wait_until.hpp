// Polls a condition until it holds or the time is up: the end-to-end tests wait on venues, feeds
// and threads that answer in their own time.
#pragma once

#include <chrono>
#include <thread>

namespace hlmm::test {

// True as soon as `pred()` is; otherwise its value once `timeout` has passed.
template <class Pred>
bool wait_until(Pred&& pred, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(poll);
  }
  return pred();
}

}  // namespace hlmm::test
