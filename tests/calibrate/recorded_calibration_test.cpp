// `hlmm calibrate` end to end on recorded-data files this test writes itself from processes with
// known parameters: 1m candles from a GBM, an hourly OU funding history, trades whose reach beyond
// the mid is exponential (so prints reaching delta arrive at A·exp(-k·delta), the study's model),
// and the same book as an LZ4-framed l2Book archive. The calibration must recover what went in.
#include <gtest/gtest.h>

#include <lz4frame.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <simdjson.h>

#include <fmt/format.h>

#include "app/calibrate_command.hpp"
#include "app/cli.hpp"
#include "backtest/recorded.hpp"
#include "calibrate/hit_counts.hpp"
#include "calibrate/ou_fit.hpp"
#include "policy/preset_file.hpp"

namespace hlmm::app {
namespace {

namespace fs = std::filesystem;

constexpr double kVolAnnual = 0.6;
constexpr double kA = 100.0;      // prints reaching the mid per hour and side
constexpr double kK = 0.6;        // 1/USD
constexpr double kKappa = 0.1;    // funding OU, 1/h
constexpr double kTheta = 1e-5;
constexpr double kSigma = 2e-5;
constexpr std::uint64_t kT0 = 1'764'115'200'000;  // a clock hour
constexpr int kMinutes = 3 * 1440;

class RecordedCalibration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / fmt::format("hlmm-calib-{}", ::getpid());
    fs::create_directories(dir_);
    std::mt19937_64 rng(20261123);
    std::normal_distribution<double> z(0.0, 1.0);
    // Mids on a 0.1 grid, mid[m] at the start of minute m: the candle of minute m opens at mid[m]
    // and closes at mid[m + 1], as a real one does; the book's snapshot at the minute's start
    // shows mid[m]; the trades of minute m reach beyond mid[m].
    std::vector<double> mid(kMinutes + 1);
    double s = 2000.0;
    const double sd = kVolAnnual / std::sqrt(60.0 * 24 * 365);
    for (double& x : mid) {
      s *= std::exp(sd * z(rng) - 0.5 * sd * sd);
      x = std::round(s * 10) / 10;
    }
    std::string candles = "[";
    std::string book;
    for (int m = 0; m < kMinutes; ++m) {
      const std::uint64_t t = kT0 + static_cast<std::uint64_t>(m) * 60'000;
      candles += fmt::format(R"({}{{"t":{},"T":{},"s":"ETH","i":"1m","o":"{:.1f}","c":"{:.1f}","h":"{:.1f}","l":"{:.1f}","v":"1","n":1}})",
                             m == 0 ? "" : ",", t, t + 59'999, mid[m], mid[m + 1], std::max(mid[m], mid[m + 1]),
                             std::min(mid[m], mid[m + 1]));
      // The archive from the second minute, where the candle panel begins (the first close).
      if (m > 0) book += fmt::format(R"({{"time":"x","ver_num":1,"raw":{{"channel":"l2Book","data":{{"coin":"ETH","time":{},"levels":[[{{"px":"{:.2f}","sz":"1","n":1}}],[{{"px":"{:.2f}","sz":"1","n":1}}]]}}}}}})"
                          "\n",
                          t, mid[m] - 0.05, mid[m] + 0.05);
    }
    candles += "]";
    write(dir_ / "candles.json", candles);
    // The archive file: an LZ4 frame around the JSON lines.
    std::string lz4(LZ4F_compressFrameBound(book.size(), nullptr), '\0');
    const std::size_t n = LZ4F_compressFrame(lz4.data(), lz4.size(), book.data(), book.size(), nullptr);
    ASSERT_FALSE(LZ4F_isError(n));
    lz4.resize(n);
    write(dir_ / "l2book.lz4", lz4);
    // 10^4 hours of OU funding (exact discretisation).
    std::string funding = "[";
    double f = kTheta;
    const double b = std::exp(-kKappa);
    const double sd_f = kSigma * std::sqrt((1 - b * b) / (2 * kKappa));
    for (int h = 0; h < 10'000; ++h) {
      f = kTheta + (f - kTheta) * b + sd_f * z(rng);
      const std::uint64_t t = kT0 - 9'000ull * 3'600'000 + static_cast<std::uint64_t>(h) * 3'600'000;
      funding += fmt::format(R"({}{{"coin":"ETH","fundingRate":"{:.12f}","premium":"0","time":{}}})", h == 0 ? "" : ",", f, t);
    }
    funding += "]";
    write(dir_ / "funding.json", funding);
    // Trades: per minute and side, Poisson(A/60) prints of one lot whose reach beyond that
    // minute's mid is Exp(k) USD; buyers lift above the mid, sellers hit below it.
    std::poisson_distribution<int> count(kA / 60.0);
    std::exponential_distribution<double> reach(kK);
    std::uniform_int_distribution<int> within(0, 59'999);
    std::string trades;
    for (int m = 0; m < kMinutes; ++m) {
      std::string line;
      for (const bool buy : {true, false}) {
        for (int i = count(rng); i > 0; --i) {
          const double px = std::round((buy ? mid[m] + reach(rng) : mid[m] - reach(rng)) * 100) / 100;
          line += fmt::format(R"({}{{"coin":"ETH","side":"{}","px":"{:.2f}","sz":"1","time":{},"tid":1}})", line.empty() ? "" : ",",
                              buy ? "B" : "A", px, kT0 + static_cast<std::uint64_t>(m) * 60'000 + static_cast<std::uint64_t>(within(rng)));
        }
      }
      if (!line.empty()) trades += R"({"channel":"trades","data":[)" + line + "]}\n";
    }
    write(dir_ / "trades.jsonl", trades);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
  }
  static CalibrateInputs inputs() {
    CalibrateInputs in;
    in.candles = (dir_ / "candles.json").string();
    in.funding = (dir_ / "funding.json").string();
    in.trades = (dir_ / "trades.jsonl").string();
    in.base = "eth";
    return in;
  }
  static fs::path dir_;
};
fs::path RecordedCalibration::dir_;

TEST_F(RecordedCalibration, RecoversVolatilityFundingAndFillIntensity) {
  const CalibrateReport r = calibrate_from_files(inputs());
  std::printf("%s", r.text.c_str());
  EXPECT_NEAR(r.preset.vol_annual, kVolAnnual, 0.10 * kVolAnnual);
  EXPECT_NEAR(std::log(2.0) / r.preset.kappa, std::log(2.0) / kKappa, 0.10 * std::log(2.0) / kKappa);
  EXPECT_NEAR(r.preset.sigma, kSigma, 0.10 * kSigma);
  EXPECT_NEAR(r.preset.A, kA, 0.15 * kA);
  EXPECT_NEAR(r.preset.k, kK, 0.15 * kK);
  EXPECT_EQ(r.preset.lot, 1.0);  // from the base preset
  EXPECT_NE(r.json.find("\"volume_minute\":{\"A\":"), std::string::npos) << r.json;
  EXPECT_NE(r.json.find("\"minute_hit\":{\"A\":"), std::string::npos);
}

TEST_F(RecordedCalibration, TheLz4BookArchiveGivesTheSameMidPanel) {
  CalibrateInputs in = inputs();
  in.l2book = (dir_ / "l2book.lz4").string();
  const CalibrateReport from_book = calibrate_from_files(in);
  const CalibrateReport from_candles = calibrate_from_files(inputs());
  EXPECT_NEAR(from_book.preset.A, from_candles.preset.A, 1e-6 * from_candles.preset.A);
  EXPECT_NEAR(from_book.preset.k, from_candles.preset.k, 1e-6 * from_candles.preset.k);
}

TEST_F(RecordedCalibration, TheWrittenPresetReadsBackExactly) {
  const CalibrateReport r = calibrate_from_files(inputs());
  const auto back = policy::preset_from_toml(policy::preset_to_toml(r.preset, "test"), "roundtrip");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back.value().name, r.preset.name);
  EXPECT_EQ(back.value().A, r.preset.A);
  EXPECT_EQ(back.value().kappa, r.preset.kappa);
  EXPECT_EQ(back.value().jump_sd, r.preset.jump_sd);
  // A file missing a field, or with a stray one, is refused by name.
  const auto missing = policy::preset_from_toml("name = \"X\"\nref_price = 1.0\n", "short.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("'lot'"), std::string::npos);
  const auto stray = policy::preset_from_toml(policy::preset_to_toml(r.preset) + "extra = 1.0\n", "stray.toml");
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.error().message.find("'extra'"), std::string::npos);
}

TEST_F(RecordedCalibration, BadInputIsRefusedByName) {
  const fs::path bad = dir_ / "bad.lz4";
  write(bad, std::string("\x04\x22\x4d\x18garbage", 11));
  EXPECT_THROW(backtest::decompress_lz4_if_framed(std::string("\x04\x22\x4d\x18garbage", 11)), backtest::RecordedDataError);
  EXPECT_THROW(backtest::read_trades(R"({"channel":"trades","data":[{"side":"X","px":"1","sz":"1","time":1}]})"),
               backtest::RecordedDataError);
  EXPECT_THROW(backtest::l2book_mids(R"({"coin":"ETH","time":1,"levels":[[{"px":"2","sz":"1","n":1}],[{"px":"1","sz":"1","n":1}]]})"),
               backtest::RecordedDataError);  // crossed
  CalibrateInputs in = inputs();
  in.base = "doge";
  EXPECT_THROW(calibrate_from_files(in), std::runtime_error);
}

// Funding that trends without mean reversion apart from isolated one-hour spikes: the Gaussian
// fit reads reversion into the spikes' return, the jump fit explains the spikes as jumps and then
// finds none, so it fails while the Gaussian OU succeeds.
TEST_F(RecordedCalibration, AFailedJumpFitNamesTheJumpParametersKeptFromTheBase) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z(0.0, 1.0);
  std::string funding = "[";
  std::vector<double> rates;
  double f = 1e-5;
  for (int h = 0; h < 10'000; ++h) {
    f = f * 1.0002 + 1e-7 * z(rng);
    const double r = std::round((h % 50 == 25 ? f + 5e-5 : f) * 1e12) / 1e12;
    rates.push_back(r);
    const std::uint64_t t = kT0 - 9'000ull * 3'600'000 + static_cast<std::uint64_t>(h) * 3'600'000;
    funding += fmt::format(R"({}{{"coin":"ETH","fundingRate":"{:.12f}","premium":"0","time":{}}})", h == 0 ? "" : ",",
                           r, t);
  }
  funding += "]";
  write(dir_ / "funding-trend.json", funding);
  ASSERT_TRUE(calibrate::fit_ou(rates, 1.0).ok());
  ASSERT_FALSE(calibrate::fit_ou_jump(rates, 1.0).ok());

  CalibrateInputs in = inputs();
  in.funding = (dir_ / "funding-trend.json").string();
  const CalibrateReport r = calibrate_from_files(in);
  std::printf("%s", r.text.c_str());
  const policy::AssetPreset eth = *policy::find_preset("eth");
  EXPECT_EQ(r.preset.jump_kappa, eth.jump_kappa);
  EXPECT_EQ(r.preset.jump_sd, eth.jump_sd);
  EXPECT_NE(r.preset.kappa, eth.kappa);  // the Gaussian OU is this data's
  const std::string kept =
      fmt::format("keeps the base preset ETH's jump parameters jump_kappa = {:.6g}", eth.jump_kappa);
  EXPECT_NE(r.text.find("WARNING: the funding OU+jump fit failed"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find(kept), std::string::npos) << r.text;
  EXPECT_NE(r.text.find(fmt::format("jump_sd = {:.6g}", eth.jump_sd)), std::string::npos) << r.text;
  EXPECT_NE(r.json.find("\"jump_params\":\"base\""), std::string::npos) << r.json;
  EXPECT_NE(r.json.find(kept), std::string::npos) << r.json;

  // The command writes the warning into the preset file's header too.
  CLI::App app;
  int code = -1;
  add_calibrate_command(app, code);
  const std::string out = (dir_ / "trend.toml").string();
  std::vector<std::string> args{"hlmm", "calibrate", "--candles", in.candles, "--funding", in.funding, "--base", "eth",
                                "--out", out, "--json"};
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream captured_out, captured_err;
  {
    // Restores the streams even if parse throws, before the buffers go out of scope.
    struct Capture {
      std::ostream& stream;
      std::streambuf* old;
      ~Capture() { stream.rdbuf(old); }
    };
    const Capture out_capture{std::cout, std::cout.rdbuf(captured_out.rdbuf())};
    const Capture err_capture{std::cerr, std::cerr.rdbuf(captured_err.rdbuf())};
    app.parse(static_cast<int>(argv.size()), argv.data());
  }
  ASSERT_EQ(code, kExitOk) << captured_err.str();
  EXPECT_NE(captured_err.str().find(kept), std::string::npos) << captured_err.str();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(captured_out.str()).get(doc), simdjson::SUCCESS) << captured_out.str();
  std::string_view source;
  EXPECT_EQ(doc["jump_params"].get_string().get(source), simdjson::SUCCESS);
  EXPECT_EQ(source, "base");
  simdjson::dom::array warnings;
  ASSERT_EQ(doc["warnings"].get_array().get(warnings), simdjson::SUCCESS);
  ASSERT_EQ(warnings.size(), 1u);
  std::string_view warning;
  EXPECT_EQ(warnings.at(0).get_string().get(warning), simdjson::SUCCESS);
  EXPECT_NE(warning.find(kept), std::string_view::npos) << warning;
  std::ifstream file(out);
  std::string header;
  std::getline(file, header);
  std::getline(file, header);
  EXPECT_EQ(header.rfind("# written by hlmm calibrate", 0), 0u) << header;
  EXPECT_NE(header.find(kept), std::string::npos) << header;
}

TEST_F(RecordedCalibration, AFittedJumpModelRaisesNoWarning) {
  const CalibrateReport r = calibrate_from_files(inputs());
  ASSERT_EQ(r.text.find("not fitted"), std::string::npos) << r.text;
  EXPECT_EQ(r.text.find("WARNING"), std::string::npos) << r.text;
  EXPECT_NE(r.json.find("\"jump_params\":\"fitted\""), std::string::npos) << r.json;
  EXPECT_NE(r.json.find("\"warnings\":[]"), std::string::npos) << r.json;
}

TEST(HitCounts, CountsEachSideAndRuleAsTheStudyDefinesThem) {
  const std::vector<double> mids{100.0, 100.0};
  const std::vector<calibrate::TradeSample> trades{
      {1'000, 100.5, 0.4, true},  {2'000, 100.7, 0.4, true},  // minute 0, ask side: 0.8 beyond 0.5, 0.4 beyond 0.6
      {61'000, 99.0, 2.0, false},                             // minute 1, bid side: 2.0 at 1.0 below
  };
  const std::vector<double> distances{0.5, 0.6, 1.0, 2.0};
  const auto vol = calibrate::count_hits(mids, 0, trades, distances, 0.5, calibrate::CountingRule::kVolumeMinute);
  const auto hit = calibrate::count_hits(mids, 0, trades, distances, 0.5, calibrate::CountingRule::kMinuteHit);
  ASSERT_EQ(vol.size(), 4u);
  EXPECT_EQ(vol[0].windows, 4.0);
  EXPECT_EQ(vol[0].hits, 2.0);  // ask in minute 0 (0.8 >= 0.5), bid in minute 1
  EXPECT_EQ(vol[1].hits, 1.0);  // only 0.4 beyond 0.6 on the ask: below the quote size; the bid still
  EXPECT_EQ(hit[1].hits, 2.0);  // one print is enough for minute_hit
  EXPECT_EQ(vol[2].hits, 1.0);
  EXPECT_EQ(vol[3].hits, 0.0);
}

}  // namespace
}  // namespace hlmm::app
