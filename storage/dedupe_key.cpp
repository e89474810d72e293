#include "storage/dedupe_key.h"

#include <algorithm>

#include "daemon/core/digest.h"
#include "storage/database.h"

namespace lanecast::storage {
namespace {

void digest_function(sqlite3_context* context, int, sqlite3_value** args) {
  if (sqlite3_value_type(args[0]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(args[0]));
  const int size = sqlite3_value_bytes(args[0]);
  const DedupeDigest digest = dedupe_digest(std::string_view(text, static_cast<std::size_t>(size)));
  sqlite3_result_blob(context, digest.data(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
}

}  // namespace

DedupeDigest dedupe_digest(std::string_view dedupe_key) {
  const Sha256Digest full = sha256(dedupe_key);
  DedupeDigest digest;
  std::copy_n(full.begin(), digest.size(), digest.begin());
  return digest;
}

std::int64_t dedupe_scope(const WebhookRecord& record) {
  if ((record.kind == "checkout" || record.kind == "cart_mutator") && record.order_id)
    return *record.order_id;
  return 0;
}

Status register_dedupe_functions(sqlite3* db) {
  const int rc = sqlite3_create_function(db, "lanecast_dedupe_digest", 1,
                                         SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                         &digest_function, nullptr, nullptr);
  return status_from_sqlite(rc, db, "register lanecast_dedupe_digest");
}

}  // namespace lanecast::storage
