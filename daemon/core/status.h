// Status and Result<T>: expected failures as values.
//
// Every layer returns these instead of throwing; the HTTP layer maps each Kind to exactly one
// HTTP status code (daemon/http/error_mapping). Exceptions never cross a C callback.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace lanecast {

class Status {
 public:
  enum class Kind {
    kOk,
    kInvalidInput,   // the caller sent something malformed or out of range
    kNotFound,       // the thing asked for does not exist
    kConflict,       // well-formed, but contradicts what is stored
    kBusy,           // try again shortly (SQLite busy, queue full)
    kStorageFull,    // the disk or the database is full
    kIoError,        // the disk or the database failed
    kCorrupt,        // stored data fails its own checks
    kUnsupported,    // e.g. a database schema newer than this binary
    kInternal,       // a bug: should never happen
  };

  Status() = default;
  static Status ok() { return Status(); }
  static Status invalid_input(std::string m) { return Status(Kind::kInvalidInput, std::move(m)); }
  static Status not_found(std::string m) { return Status(Kind::kNotFound, std::move(m)); }
  static Status conflict(std::string m) { return Status(Kind::kConflict, std::move(m)); }
  static Status busy(std::string m) { return Status(Kind::kBusy, std::move(m)); }
  static Status storage_full(std::string m) { return Status(Kind::kStorageFull, std::move(m)); }
  static Status io_error(std::string m) { return Status(Kind::kIoError, std::move(m)); }
  static Status corrupt(std::string m) { return Status(Kind::kCorrupt, std::move(m)); }
  static Status unsupported(std::string m) { return Status(Kind::kUnsupported, std::move(m)); }
  static Status internal(std::string m) { return Status(Kind::kInternal, std::move(m)); }

  bool is_ok() const { return kind_ == Kind::kOk; }
  Kind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  // A short lowercase name of the kind, for logs and JSON ("invalid_input", ...).
  const char* kind_name() const;
  std::string to_string() const;

 private:
  Status(Kind k, std::string m) : kind_(k), message_(std::move(m)) {}
  Kind kind_ = Kind::kOk;
  std::string message_;
};

// Either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool is_ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace lanecast
