#include "journal/records.hpp"

#include <cstring>

#include "hyperliquid/overloaded.hpp"

namespace hlmm::journal {

namespace {

constexpr std::size_t kMaxString = 256;

struct CrcTable {
  std::array<std::uint32_t, 256> t{};
  constexpr CrcTable() {
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
  }
};
constexpr CrcTable kCrc;

enum class Type : std::uint8_t { kSession = 1, kSent = 2, kAck = 3, kUpdate = 4, kFill = 5, kReconcile = 6 };

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { raw(&v, 2); }
  void u32(std::uint32_t v) { raw(&v, 4); }
  void u64(std::uint64_t v) { raw(&v, 8); }
  void i64(std::int64_t v) { raw(&v, 8); }
  void str(std::string_view s) {
    s = s.substr(0, kMaxString);
    u16(static_cast<std::uint16_t>(s.size()));
    out_.append(s);
  }
  void cloid(const std::optional<Cloid>& c) {
    u8(c ? 1 : 0);
    if (c) raw(c->data(), c->size());
  }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }  // little-endian host
  std::string& out_;
};

class Reader {
 public:
  Reader(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == n_; }
  std::uint8_t u8() {
    std::uint8_t v = 0;
    raw(&v, 1);
    return v;
  }
  std::uint16_t u16() {
    std::uint16_t v = 0;
    raw(&v, 2);
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    raw(&v, 4);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    raw(&v, 8);
    return v;
  }
  std::int64_t i64() {
    std::int64_t v = 0;
    raw(&v, 8);
    return v;
  }
  std::string str() {
    const std::uint16_t len = u16();
    if (!ok_ || len > kMaxString || pos_ + len > n_) {
      ok_ = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(p_ + pos_), len);
    pos_ += len;
    return s;
  }
  std::optional<Cloid> cloid() {
    const std::uint8_t flag = u8();
    if (flag > 1) ok_ = false;
    if (flag != 1 || !ok_) return std::nullopt;
    Cloid c{};
    raw(c.data(), c.size());
    return c;
  }
  bool flag() {
    const std::uint8_t v = u8();
    if (v > 1) ok_ = false;
    return v == 1;
  }

 private:
  void raw(void* out, std::size_t k) {
    if (!ok_ || pos_ + k > n_) {
      ok_ = false;
      return;
    }
    std::memcpy(out, p_ + pos_, k);
    pos_ += k;
  }
  const std::uint8_t* p_;
  std::size_t n_, pos_ = 0;
  bool ok_ = true;
};

std::uint32_t load_u32(const std::uint8_t* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) c = kCrc.t[(c ^ data[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void encode(const Record& record, std::string& out) {
  const std::size_t start = out.size();
  out.append(kHeaderBytes, '\0');
  Writer w(out);
  std::visit(hl::Overloaded{
                 [&](const SessionStart& r) {
                   w.u8(static_cast<std::uint8_t>(Type::kSession));
                   w.u64(r.time_ms);
                   w.str(r.address);
                 },
                 [&](const OrderSent& r) {
                   w.u8(static_cast<std::uint8_t>(Type::kSent));
                   w.u64(r.request_id);
                   w.u64(r.nonce);
                   w.u8(static_cast<std::uint8_t>(r.kind));
                   w.u32(r.item);
                   w.u32(r.asset_id);
                   w.u8(r.is_buy ? 1 : 0);
                   w.i64(r.price);
                   w.i64(r.size);
                   w.cloid(r.cloid);
                   w.u64(r.oid);
                 },
                 [&](const Ack& r) {
                   w.u8(static_cast<std::uint8_t>(Type::kAck));
                   w.u64(r.request_id);
                   w.u32(r.item);
                   w.u8(static_cast<std::uint8_t>(r.kind));
                   w.u64(r.oid);
                   w.str(r.error);
                 },
                 [&](const OrderUpdate& r) {
                   w.u8(static_cast<std::uint8_t>(Type::kUpdate));
                   w.u64(r.oid);
                   w.cloid(r.cloid);
                   w.str(r.coin);
                   w.u8(r.is_buy ? 1 : 0);
                   w.i64(r.price);
                   w.i64(r.remaining);
                   w.i64(r.orig_size);
                   w.str(r.status);
                   w.u64(r.time_ms);
                 },
                 [&](const Fill& r) {
                   w.u8(static_cast<std::uint8_t>(Type::kFill));
                   w.u64(r.tid);
                   w.u64(r.oid);
                   w.str(r.coin);
                   w.u8(r.is_buy ? 1 : 0);
                   w.i64(r.price);
                   w.i64(r.size);
                   w.i64(r.fee);
                   w.u64(r.time_ms);
                   w.u8(r.recovered ? 1 : 0);
                 },
                 [&](const Reconcile& r) {
                   w.u8(static_cast<std::uint8_t>(Type::kReconcile));
                   w.str(r.coin);
                   w.str(r.what);
                   w.i64(r.journal_value);
                   w.i64(r.venue_value);
                   w.u64(r.oid);
                 },
             },
             record);
  const auto len = static_cast<std::uint32_t>(out.size() - start - kHeaderBytes);
  const std::uint32_t crc = crc32(reinterpret_cast<const std::uint8_t*>(out.data() + start + kHeaderBytes), len);
  std::memcpy(out.data() + start, &len, 4);
  std::memcpy(out.data() + start + 4, &crc, 4);
}

std::size_t decode(const std::uint8_t* data, std::size_t size, Record& out) {
  if (size < kHeaderBytes) return 0;
  const std::uint32_t len = load_u32(data);
  if (len == 0 || len > kMaxPayload || len > size - kHeaderBytes) return 0;
  const std::uint8_t* payload = data + kHeaderBytes;
  if (crc32(payload, len) != load_u32(data + 4)) return 0;
  Reader r(payload, len);
  switch (static_cast<Type>(r.u8())) {
    case Type::kSession: {
      SessionStart s;
      s.time_ms = r.u64();
      s.address = r.str();
      out = std::move(s);
      break;
    }
    case Type::kSent: {
      OrderSent s;
      s.request_id = r.u64();
      s.nonce = r.u64();
      const std::uint8_t kind = r.u8();
      if (kind > static_cast<std::uint8_t>(SentKind::kCancelByOid)) return 0;
      s.kind = static_cast<SentKind>(kind);
      s.item = r.u32();
      s.asset_id = r.u32();
      s.is_buy = r.flag();
      s.price = r.i64();
      s.size = r.i64();
      s.cloid = r.cloid();
      s.oid = r.u64();
      out = std::move(s);
      break;
    }
    case Type::kAck: {
      Ack a;
      a.request_id = r.u64();
      a.item = r.u32();
      const std::uint8_t kind = r.u8();
      if (kind > static_cast<std::uint8_t>(AckKind::kLost)) return 0;
      a.kind = static_cast<AckKind>(kind);
      a.oid = r.u64();
      a.error = r.str();
      out = std::move(a);
      break;
    }
    case Type::kUpdate: {
      OrderUpdate u;
      u.oid = r.u64();
      u.cloid = r.cloid();
      u.coin = r.str();
      u.is_buy = r.flag();
      u.price = r.i64();
      u.remaining = r.i64();
      u.orig_size = r.i64();
      u.status = r.str();
      u.time_ms = r.u64();
      out = std::move(u);
      break;
    }
    case Type::kFill: {
      Fill f;
      f.tid = r.u64();
      f.oid = r.u64();
      f.coin = r.str();
      f.is_buy = r.flag();
      f.price = r.i64();
      f.size = r.i64();
      f.fee = r.i64();
      f.time_ms = r.u64();
      f.recovered = r.flag();
      out = std::move(f);
      break;
    }
    case Type::kReconcile: {
      Reconcile c;
      c.coin = r.str();
      c.what = r.str();
      c.journal_value = r.i64();
      c.venue_value = r.i64();
      c.oid = r.u64();
      out = std::move(c);
      break;
    }
    default:
      return 0;
  }
  // Every byte of the payload must belong to a field: a valid CRC over a record of another shape
  // is still refused.
  if (!r.ok() || !r.done()) return 0;
  return kHeaderBytes + len;
}

}  // namespace hlmm::journal
