// Temporary key files for the tests.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace hlmm::hl::test {

inline constexpr const char* kVectorKey = "0x0123456789012345678901234567890123456789012345678901234567890123";
inline constexpr const char* kVectorAddress = "0x14791697260e4c9a71f18484c9f997b308e59325";

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hlmm_hl_test_XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& content, mode_t mode) const {
    const std::string p = (path_ / name).string();
    {
      std::ofstream f(p, std::ios::binary | std::ios::trunc);
      f << content;
    }
    ::chmod(p.c_str(), mode);
    return p;
  }
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hlmm::hl::test
