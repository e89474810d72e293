// The schema as a list of migration steps, keyed on PRAGMA user_version.
//
// Step N turns a version N-1 database into version N. Steps are never edited once released:
// a change to the schema is a new step at the end. open_database() applies every step above
// the file's version in one transaction.
#pragma once

#include <span>

namespace lanecast::storage {

struct Migration {
  int version;              // the user_version this step produces
  const char* description;  // for error messages: "migration to v2 (...) failed"
  const char* sql;          // one or more statements
};

// The steps of this binary, in ascending version order, starting at 1 with no gaps.
std::span<const Migration> schema_migrations();

}  // namespace lanecast::storage
