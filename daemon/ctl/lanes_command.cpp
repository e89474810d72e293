// lanecastctl lanes: what each checkout lane shows right now, from the daemon's live state.
#include "daemon/core/json.h"
#include "daemon/ctl/commands.h"
#include "daemon/ctl/format.h"
#include "daemon/ctl/daemon_client.h"
#include "daemon/ctl/table.h"

namespace lanecast::ctl {
namespace {

std::string field_text(const cJSON* object, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, name);
  if (cJSON_IsString(item)) return item->valuestring;
  if (cJSON_IsNumber(item)) return std::to_string(static_cast<std::int64_t>(item->valuedouble));
  if (cJSON_IsBool(item)) return cJSON_IsTrue(item) ? "yes" : "no";
  return "-";
}

std::int64_t field_number(const cJSON* object, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, name);
  return cJSON_IsNumber(item) ? static_cast<std::int64_t>(item->valuedouble) : 0;
}

std::string lanes_table(const cJSON* lanes) {
  Table table({"ZONE", "PHASE", "SINCE", ">SHOPPERS", "ATTENTION", ">ORDER", "PAYMENT", ">ITEMS", ">TOTAL"});
  const cJSON* lane = nullptr;
  cJSON_ArrayForEach(lane, lanes) {
    const cJSON* cart = cJSON_GetObjectItemCaseSensitive(lane, "cart");
    const bool has_cart = cJSON_IsObject(cart);
    table.add_row({field_text(lane, "zone"), field_text(lane, "phase"),
                   human_time(field_number(lane, "phase_since_us")), field_text(lane, "shoppers"),
                   field_text(lane, "attention"), field_text(lane, "order_id"), field_text(lane, "payment"),
                   has_cart ? field_text(cart, "item_count") : "-", has_cart ? field_text(cart, "total") : "-"});
  }
  return table.empty() ? "no lanes yet: a lane appears with its first checkout-zone webhook\n" : table.render();
}

int run_lanes(const Context& context, const Args&) {
  HttpClient client(context.url, context.timeout);
  auto response = client.get("/api/lanes", context.staff_token);
  if (!response.is_ok()) return fail(response.status().message());
  if (response->status == 404) return fail("this lanecastd has no /api/lanes (" + describe_response(*response) + ")");
  if (response->status != 200) return fail("/api/lanes answered " + describe_response(*response));
  JsonPtr json = json_parse(response->body);
  const cJSON* lanes = cJSON_GetObjectItemCaseSensitive(json.get(), "lanes");
  if (!cJSON_IsArray(lanes)) return fail("/api/lanes answered without a lanes list");
  if (context.json) return write_json(json.get());
  write_out(lanes_table(lanes));
  return kExitOk;
}

}  // namespace

const Command& lanes_command() {
  static const Command command{
      "lanes", "lanes", "each checkout lane's phase, shoppers, order and cart total, live",
      "Asks the daemon at --url for /api/lanes: the state the customer displays show. --json prints\n"
      "the daemon's document as it is.\n",
      {}, run_lanes};
  return command;
}

}  // namespace lanecast::ctl
