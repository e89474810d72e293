#include "daemon/core/status.h"

namespace lanecast {

const char* Status::kind_name() const {
  switch (kind_) {
    case Kind::kOk: return "ok";
    case Kind::kInvalidInput: return "invalid_input";
    case Kind::kNotFound: return "not_found";
    case Kind::kConflict: return "conflict";
    case Kind::kBusy: return "busy";
    case Kind::kStorageFull: return "storage_full";
    case Kind::kIoError: return "io_error";
    case Kind::kCorrupt: return "corrupt";
    case Kind::kUnsupported: return "unsupported";
    case Kind::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(kind_name()) + ": " + message_;
}

}  // namespace lanecast
