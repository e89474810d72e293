// lanecastctl status: is the daemon up, what has it received, how big is its database.
#include <sys/stat.h>

#include "daemon/ctl/commands.h"
#include "daemon/ctl/format.h"
#include "daemon/ctl/daemon_client.h"
#include "daemon/ctl/records_json.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

constexpr const char* kKinds[] = {"checkout", "cart_mutator", "zone_entered", "zone_left"};

struct Alerts {
  bool known = false;
  std::string why_unknown;
  std::int64_t open = 0;
  std::int64_t total = 0;
};

std::int64_t number(const cJSON* object, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsNumber(item) ? static_cast<std::int64_t>(item->valuedouble) : 0;
}

std::string text(const cJSON* object, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsString(item) ? item->valuestring : "";
}

// Main file plus WAL; -1 when the file cannot be seen from here (another machine, or a
// path relative to the daemon's working directory).
std::int64_t database_bytes(const std::string& path) {
  struct stat main_file {}, wal {};
  if (path.empty() || ::stat(path.c_str(), &main_file) != 0) return -1;
  const std::int64_t wal_bytes = ::stat((path + "-wal").c_str(), &wal) == 0 ? wal.st_size : 0;
  return main_file.st_size + wal_bytes;
}

Alerts fetch_alerts(HttpClient& client, const Context& context) {
  Alerts alerts;
  auto response = client.get("/api/alerts", context.staff_token);
  if (!response.is_ok()) {
    alerts.why_unknown = response.status().message();
    return alerts;
  }
  if (response->status != 200) {
    alerts.why_unknown = response->status == 401 ? "needs --staff-token" : describe_response(*response);
    return alerts;
  }
  JsonPtr json = json_parse(response->body);
  const cJSON* list = cJSON_GetObjectItemCaseSensitive(json.get(), "alerts");
  if (!cJSON_IsArray(list)) {
    alerts.why_unknown = "unexpected answer from /api/alerts";
    return alerts;
  }
  alerts.known = true;
  const cJSON* alert = nullptr;
  cJSON_ArrayForEach(alert, list) {
    ++alerts.total;
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(alert, "acknowledged"))) ++alerts.open;
  }
  return alerts;
}

int print_json(const Context& context, const cJSON* health, std::int64_t bytes, const Alerts& alerts) {
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "url", context.url.to_string().c_str());
  cJSON_AddBoolToObject(root.get(), "reachable", true);
  cJSON_AddItemToObject(root.get(), "health", cJSON_Duplicate(health, true));
  if (bytes >= 0) {
    add_integer(root.get(), "databaseBytes", bytes);
  } else {
    cJSON_AddNullToObject(root.get(), "databaseBytes");
  }
  if (alerts.known) {
    cJSON* a = cJSON_AddObjectToObject(root.get(), "alerts");
    add_integer(a, "open", alerts.open);
    add_integer(a, "total", alerts.total);
  } else {
    cJSON_AddNullToObject(root.get(), "alerts");
  }
  write_json(root.get());
  return text(health, "status") == "ok" ? kExitOk : kExitFailure;
}

std::string webhook_table(const cJSON* health) {
  Table table({"KIND", ">ACCEPTED", ">DUPLICATES", ">REJECTED", ">FAILED", "LAST"});
  const cJSON* webhooks = cJSON_GetObjectItemCaseSensitive(health, "webhooks");
  for (const char* kind : kKinds) {
    const cJSON* counts = cJSON_GetObjectItemCaseSensitive(webhooks, kind);
    const std::string last = text(counts, "lastAt");
    table.add_row({kind, std::to_string(number(counts, "accepted")), std::to_string(number(counts, "duplicates")),
                   std::to_string(number(counts, "rejected")), std::to_string(number(counts, "failed")),
                   last.empty() ? "never" : last});
  }
  return table.render();
}

int print_human(const Context& context, const cJSON* health, std::int64_t bytes, const Alerts& alerts) {
  const cJSON* database = cJSON_GetObjectItemCaseSensitive(health, "database");
  std::string out = "lanecastd " + text(health, "version") + " at " + context.url.to_string() + ": " +
                    text(health, "status") + ", up " + human_duration(number(health, "uptimeSeconds")) + "\n";
  out += "database   " + text(database, "path") + "  " + text(database, "state");
  if (bytes >= 0) out += ", " + human_bytes(bytes);
  out += ", queue " + std::to_string(number(database, "queueDepth")) + ", " +
         std::to_string(number(database, "batches")) + " commits, " +
         std::to_string(number(database, "failedBatches")) + " failed\n";
  if (!text(database, "lastError").empty()) out += "last error " + text(database, "lastError") + "\n";
  if (const cJSON* https = cJSON_GetObjectItemCaseSensitive(health, "https"); cJSON_IsObject(https)) {
    const std::int64_t days = number(https, "certificateDaysLeft");
    out += "https      " + text(https, "listener") + ", certificate until " +
           text(https, "certificateNotAfter").substr(0, 10) +
           (days < 0 ? " (EXPIRED)" : " (" + std::to_string(days) + " days left)") + "\n";
  }
  if (const cJSON* forward = cJSON_GetObjectItemCaseSensitive(health, "forward");
      cJSON_IsObject(forward) && text(forward, "state") != "off") {
    out += "forward    " + text(forward, "state");
    if (!text(forward, "protocol").empty()) out += " (" + text(forward, "protocol") + ")";
    out += ", acknowledged through " + std::to_string(number(forward, "acknowledgedSequence")) +
           ", backlog " + std::to_string(number(forward, "backlogEvents")) + " events (" +
           human_bytes(number(forward, "backlogBytes")) + "), oldest " +
           human_duration(number(forward, "oldestUnacknowledgedSeconds")) + ", " +
           std::to_string(number(forward, "deadLetters")) + " dead letters\n";
    if (!text(forward, "lastError").empty()) out += "forward error " + text(forward, "lastError") + "\n";
  }
  out += "alerts     " + (alerts.known ? std::to_string(alerts.open) + " open, " + std::to_string(alerts.total) + " in all"
                                       : "unknown (" + alerts.why_unknown + ")") + "\n\n";
  out += webhook_table(health);
  write_out(out);
  return text(health, "status") == "ok" ? kExitOk : kExitFailure;
}

int unreachable(const Context& context, const std::string& why) {
  if (!context.json) return fail("lanecastd at " + context.url.to_string() + " is unreachable: " + why);
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "url", context.url.to_string().c_str());
  cJSON_AddBoolToObject(root.get(), "reachable", false);
  cJSON_AddStringToObject(root.get(), "error", why.c_str());
  write_json(root.get());
  return kExitFailure;
}

int run_status(const Context& context, const Args&) {
  HttpClient client(context.url, context.timeout);
  auto response = client.get("/healthz");
  if (!response.is_ok()) return unreachable(context, response.status().message());
  JsonPtr health = json_parse(response->body);
  if (!cJSON_IsObject(health.get())) return unreachable(context, "/healthz answered " + describe_response(*response));
  const std::string path = context.db_given ? context.db_path
                                            : text(cJSON_GetObjectItemCaseSensitive(health.get(), "database"), "path");
  const std::int64_t bytes = database_bytes(path);
  const Alerts alerts = fetch_alerts(client, context);
  return context.json ? print_json(context, health.get(), bytes, alerts)
                      : print_human(context, health.get(), bytes, alerts);
}

}  // namespace

const Command& status_command() {
  static const Command command{
      "status", "status", "the daemon's health, uptime, webhooks by kind, database size, alerts",
      "Asks the daemon at --url for /healthz and /api/alerts. Exits 0 when the daemon is up and\n"
      "healthy, 1 when it is degraded or cannot be reached. The database size is measured on this\n"
      "machine, from the path the daemon reports (or --db).\n",
      {}, run_status};
  return command;
}

}  // namespace lanecast::ctl
