// Helpers for the storage tests: a temporary directory per test, record builders, a way to
// wait for the writer, and direct SQL peeks at the file the writer wrote.
#pragma once

#include <dirent.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#include "storage/database.h"
#include "storage/event_rows.h"
#include "storage/records.h"
#include "storage/writer.h"

namespace storage_test {

using lanecast::Result;
using lanecast::Status;
using namespace lanecast::storage;

// CppUTest's leak detector counts allocations without a lock unless told otherwise, and the
// writer, checkpointer and reader threads allocate while the test thread does. Hold one of
// these, as the first member of a fixture, while such threads run.
class ThreadSafeLeakDetection {
 public:
  ThreadSafeLeakDetection();
  ~ThreadSafeLeakDetection();
  ThreadSafeLeakDetection(const ThreadSafeLeakDetection&) = delete;
  ThreadSafeLeakDetection& operator=(const ThreadSafeLeakDetection&) = delete;
};

// A fresh directory under $TMPDIR (or /tmp), removed with its files when the test ends.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/lanecast-test-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    if (DIR* dir = ::opendir(path_.c_str())) {
      while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") ::unlink((path_ + "/" + name).c_str());
      }
      ::closedir(dir);
    }
    ::rmdir(path_.c_str());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Bytes that do not compress: the journal keeps bodies compressed (storage/compression.h), so a
// test that needs a body to take pages of the file appends these rather than one repeated byte.
inline std::string incompressible(std::size_t size, std::uint32_t seed = 2463534242u) {
  std::string bytes(size, '\0');
  for (char& byte : bytes) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    byte = static_cast<char>(seed & 0xff);
  }
  return bytes;
}

inline bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// A raw connection, bypassing lanecast's checks: for making odd files and peeking at tables.
inline SqlitePtr raw_open(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  return SqlitePtr(db);
}

inline void raw_exec(const std::string& path, const char* sql) {
  auto db = raw_open(path);
  if (sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("raw_exec: ") + sqlite3_errmsg(db.get()));
  }
}

// The first column of the first row, or -1 when there is no row.
inline std::int64_t scalar(const std::string& path, const char* sql) {
  auto db = raw_open(path);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql, -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("scalar: ") + sqlite3_errmsg(db.get()));
  }
  StatementPtr statement(raw);
  if (sqlite3_step(raw) != SQLITE_ROW) return -1;
  return sqlite3_column_int64(raw, 0);
}

inline std::string scalar_text(const std::string& path, const char* sql) {
  auto db = raw_open(path);
  sqlite3_stmt* raw = nullptr;
  sqlite3_prepare_v2(db.get(), sql, -1, &raw, nullptr);
  StatementPtr statement(raw);
  if (sqlite3_step(raw) != SQLITE_ROW) return "<no row>";
  const auto* text = sqlite3_column_text(raw, 0);
  return text != nullptr ? reinterpret_cast<const char*>(text) : "<null>";
}

// The answer kept for the event `where` selects, read from its two columns as the daemon reads
// them (storage/event_rows.h): the frame in compressed_answer, or the text in answer when there
// is none.
inline std::string stored_answer(const std::string& path, const std::string& where) {
  auto db = raw_open(path);
  const std::string sql = "SELECT answer, compressed_answer FROM events WHERE " + where;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error("stored_answer: " + std::string(sqlite3_errmsg(db.get())));
  }
  StatementPtr statement(raw);
  if (sqlite3_step(raw) != SQLITE_ROW) throw std::runtime_error("no row: " + sql);
  auto answer = answer_from_columns(raw, 0, 1);
  if (!answer.is_ok()) throw std::runtime_error(answer.status().to_string());
  return answer.value();
}

inline SqlitePtr open_or_throw(const std::string& path) {
  auto db = open_database(OpenOptions{path});
  if (!db.is_ok()) throw std::runtime_error(db.status().to_string());
  return std::move(db).value();
}

inline WebhookRecord checkout(std::int64_t order_id, const std::string& status, int rank,
                              std::int64_t total_minor = 1099, std::int64_t at_us = 1'000'000) {
  WebhookRecord record;
  record.kind = "checkout";
  record.path = "/aifi/checkout";
  record.received_at_us = at_us;
  record.body = "{\"orderId\":" + std::to_string(order_id) + ",\"status\":\"" + status +
                "\",\"totalPrice\":\"" + std::to_string(total_minor) + "\"}";
  record.dedupe_key = "checkout|" + std::to_string(order_id) + "|" + status + "|" +
                      std::to_string(total_minor);
  record.session_id = "session-" + std::to_string(order_id);
  record.order_id = order_id;
  record.status = status;
  record.answer = "{\"externalId\":\"LC-" + std::to_string(order_id) + "\"}";
  OrderUpdate order;
  order.order_id = order_id;
  order.status = status;
  order.status_rank = rank;
  order.external_ref = "LC-" + std::to_string(order_id);
  order.total_minor = total_minor;
  order.tax_minor = total_minor / 10;
  order.subtotal_minor = total_minor - total_minor / 10;
  order.payment_status = "success";
  record.order = order;
  return record;
}

inline WebhookRecord zone_event(const std::string& session, const std::string& zone,
                                bool entered, std::int64_t origin_us, bool attention = false,
                                const std::string& shopper = "") {
  WebhookRecord record;
  record.kind = entered ? "zone_entered" : "zone_left";
  record.path = entered ? "/aifi/checkout-zone/entered" : "/aifi/checkout-zone/left";
  record.received_at_us = origin_us + 500;
  record.body = "{\"checkoutZoneId\":\"" + zone + "\"}";
  record.dedupe_key = "zone|" + session + "|" + zone + "|" + (entered ? "entered" : "left") +
                      "|" + std::to_string(origin_us) + (shopper.empty() ? "" : "|" + shopper);
  record.session_id = session;
  record.zone_id = zone;
  record.answer = "{}";
  record.zone = ZoneUpdate{zone, entered, attention, origin_us, shopper};
  return record;
}

inline Result<StoredAnswer> submit_and_wait(Writer& writer, WebhookRecord record) {
  std::promise<Result<StoredAnswer>> answered;
  auto answer = answered.get_future();
  writer.submit(std::move(record),
                [&answered](Result<StoredAnswer> result) { answered.set_value(std::move(result)); });
  return answer.get();
}

// Holds the writer thread between two batches until open() (or destruction), so a test can
// queue records that must then share one transaction.
class WriterGate {
 public:
  explicit WriterGate(Writer& writer)
      : holder_([this, &writer] {
          writer.run_on_connection_for_test([this](sqlite3*) {
            entered_.set_value();
            opened_.get_future().wait();
          });
        }) {
    entered_.get_future().wait();
  }
  ~WriterGate() { open(); }
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;

  void open() {
    if (!holder_.joinable()) return;
    opened_.set_value();
    holder_.join();
  }

 private:
  std::promise<void> entered_;
  std::promise<void> opened_;
  std::thread holder_;
};

}  // namespace storage_test
