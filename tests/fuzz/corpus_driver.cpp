// Replays a fuzz entry point without libFuzzer, so a g++ build exercises it in ctest: every file
// of the corpus directories, then deterministic mutations of them (byte changes, cuts, JSON
// tokens inserted, ranges repeated or spliced between files). Same seed, same inputs.
// Usage: <driver> <corpus-dir>... [--mutations N] [--seed S]
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

constexpr std::string_view kTokens[] = {
    "{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "0", "1.5", "1e5", "18446744073709551616",
    "\"\"", "\"px\"", "\"sz\"", "\"coin\"", "\"BTC\"", "\"DOGE\"", "\"ATOM\"", "\"channel\"", "\"data\"", "\\u0000",
    "\\\"", "\"0.000000001\"", "\"-0\"", "\"NaN\"", "{\"px\":\"1\",\"sz\":\"1\",\"n\":1}", "\xff\xfe"};

void run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(const std::vector<std::string>& corpus, Rng& rng) {
  std::string s = corpus[rng.below(corpus.size())];
  const std::size_t steps = 1 + rng.below(4);
  for (std::size_t k = 0; k < steps; ++k) {
    switch (rng.below(7)) {
      case 0:  // change one byte
        if (!s.empty()) s[rng.below(s.size())] = static_cast<char>(rng.next() & 0xff);
        break;
      case 1:  // cut the end
        s.resize(rng.below(s.size() + 1));
        break;
      case 2: {  // delete a range
        if (s.empty()) break;
        const std::size_t at = rng.below(s.size());
        s.erase(at, 1 + rng.below(std::min<std::size_t>(16, s.size() - at)));
        break;
      }
      case 3: {  // insert a JSON token
        const std::string_view t = kTokens[rng.below(std::size(kTokens))];
        s.insert(rng.below(s.size() + 1), t);
        break;
      }
      case 4: {  // repeat a range
        if (s.empty()) break;
        const std::size_t at = rng.below(s.size());
        const std::size_t len = 1 + rng.below(std::min<std::size_t>(64, s.size() - at));
        s.insert(at, s.substr(at, len));
        break;
      }
      case 5: {  // splice in a range of another file
        const std::string& other = corpus[rng.below(corpus.size())];
        if (other.empty()) break;
        const std::size_t from = rng.below(other.size());
        const std::size_t len = 1 + rng.below(other.size() - from);
        s.insert(rng.below(s.size() + 1), other.substr(from, len));
        break;
      }
      default:  // swap a digit for another
        for (std::size_t tries = 0; tries < 8 && !s.empty(); ++tries) {
          char& c = s[rng.below(s.size())];
          if (c >= '0' && c <= '9') {
            c = static_cast<char>('0' + rng.below(10));
            break;
          }
        }
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> corpus;
  long mutations = 5000;
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) {
      mutations = std::strtol(argv[++i], nullptr, 10);
      continue;
    }
    if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10) | 1;
      continue;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // directory order is not deterministic
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      corpus.push_back(text.str());
    }
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "usage: %s <corpus-dir>... [--mutations N] [--seed S] (no input files found)\n", argv[0]);
    return 2;
  }
  for (const std::string& input : corpus) run(input);
  Rng rng{seed};
  for (long i = 0; i < mutations; ++i) run(mutate(corpus, rng));
  run(std::string());
  std::printf("replayed %zu corpus files and %ld mutations\n", corpus.size(), mutations);
  return 0;
}
