#include "daemon/app/screens.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/core/log.h"
#include "daemon/pricing/time_zone.h"
#include "display/assets.h"
#include "display/catalog.h"
#include "display/pole_protocol.h"

namespace lanecast::app {
namespace {

constexpr std::size_t kMaxLogoBytes = 1 << 20;

std::vector<std::string> split_lanes(const std::string& text) {
  std::vector<std::string> lanes;
  std::stringstream stream(text);
  std::string lane;
  while (std::getline(stream, lane, ',')) {
    const auto first = lane.find_first_not_of(' ');
    const auto last = lane.find_last_not_of(' ');
    if (first != std::string::npos) lanes.push_back(lane.substr(first, last - first + 1));
  }
  return lanes;
}

display::HubSettings hub_settings(const config::Config& config, std::int64_t now_us) {
  using display::kMicrosPerSecond;
  display::HubSettings settings;
  settings.currency = config.store_currency;
  settings.decimals = config.store_decimals;
  settings.lanes.zones = split_lanes(config.display_lanes);
  settings.lanes.default_zone = config.display_default_lane;
  settings.lanes.thank_you = config.display_thank_you_s * kMicrosPerSecond;
  settings.lanes.left_grace = config.display_leave_grace_s * kMicrosPerSecond;
  settings.lanes.idle_timeout = config.display_idle_timeout_s * kMicrosPerSecond;
  // Numbers from an earlier run stay below this run's, so a screen's Last-Event-ID from before
  // a restart gets a fresh snapshot instead of a wrong resume.
  settings.lanes.first_seq = static_cast<std::uint64_t>(now_us);
  return settings;
}

display::PoleTexts pole_texts(const config::Config& config) {
  display::PoleTexts texts = display::pole_texts_for(config.display_locale);
  texts.idle_top = config.display_store_name;
  texts.idle_bottom = config.display_idle_message;
  if (!config.display_thank_you_message.empty()) texts.thank_you = config.display_thank_you_message;
  // The ISO code reads right on every display; a configured symbol overrides it.
  texts.currency_symbol =
      config.display_currency_symbol.empty() ? config.store_currency : config.display_currency_symbol;
  texts.decimals = config.store_decimals;
  return texts;
}

// The catalogs `locale` reads (catalog.h), as the array `name`.
void add_catalog_chain(cJSON* object, const char* name, const std::string& locale) {
  cJSON* chain = cJSON_AddArrayToObject(object, name);
  for (const std::string& catalog : display::catalog_chain(locale))
    cJSON_AddItemToArray(chain, cJSON_CreateString(catalog.c_str()));
}

std::string staff_locale(const config::Config& config) {
  return config.display_staff_locale.empty() ? config.display_locale : config.display_staff_locale;
}

std::string logo_type_for(const std::string& path) {
  return std::string(display::content_type_for(path));
}

}  // namespace

std::string page_config_json(const config::Config& config, bool has_logo) {
  JsonPtr root(cJSON_CreateObject());
  cJSON* r = root.get();
  cJSON_AddStringToObject(r, "storeName", config.display_store_name.c_str());
  cJSON_AddStringToObject(r, "locale", config.display_locale.c_str());
  add_catalog_chain(r, "catalogs", config.display_locale);
  cJSON_AddStringToObject(r, "staffLocale", staff_locale(config).c_str());
  add_catalog_chain(r, "staffCatalogs", staff_locale(config));
  cJSON_AddStringToObject(r, "timeZone", config.store_time_zone.c_str());
  cJSON_AddStringToObject(r, "idleMessage", config.display_idle_message.c_str());
  cJSON_AddStringToObject(r, "thankYouMessage", config.display_thank_you_message.c_str());
  cJSON_AddStringToObject(r, "logoUrl", has_logo ? "/api/display/logo" : "/assets/logo.svg");
  cJSON* colors = cJSON_AddObjectToObject(r, "colors");
  cJSON_AddStringToObject(colors, "background", config.display_background_color.c_str());
  cJSON_AddStringToObject(colors, "text", config.display_text_color.c_str());
  cJSON_AddStringToObject(colors, "accent", config.display_accent_color.c_str());
  cJSON* currency = cJSON_AddObjectToObject(r, "currency");
  cJSON_AddStringToObject(currency, "code", config.store_currency.c_str());
  cJSON_AddNumberToObject(currency, "decimals", config.store_decimals);
  cJSON_AddStringToObject(currency, "symbol", config.display_currency_symbol.c_str());
  return json_print(r);
}

Status check_store_time_zone(const config::Config& config) {
  if (config.store_time_zone.empty()) return Status::ok();
  auto zone = pricing::TimeZone::load(config.store_time_zone);
  if (zone.is_ok()) return Status::ok();
  return Status::invalid_input("store.time_zone: " + zone.status().message());
}

std::vector<std::string> screens_notices(const config::Config& config) {
  std::vector<std::string> notices{"display.locale " + display::describe_catalogs(config.display_locale)};
  if (staff_locale(config) != config.display_locale)
    notices.push_back("display.staff_locale " + display::describe_catalogs(staff_locale(config)));
  return notices;
}

Screens::Screens(const config::Config& config, std::int64_t now_us)
    : hub_(hub_settings(config, now_us)),
      streams_(StreamLimits{static_cast<std::size_t>(config.display_max_streams),
                            static_cast<std::size_t>(config.display_max_streams_per_address),
                            static_cast<std::size_t>(config.display_max_staff_streams)}),
      heartbeat_us_(std::int64_t{config.display_heartbeat_s} * 1'000'000),
      last_heartbeat_us_(now_us) {}

Screens::~Screens() = default;

Result<std::unique_ptr<Screens>> Screens::start(const config::Config& config, std::int64_t now_us) {
  std::unique_ptr<Screens> screens(new Screens(config, now_us));
  if (Status zone = check_store_time_zone(config); !zone.is_ok()) return zone;
  if (!config.display_logo_file.empty()) {
    std::ifstream in(config.display_logo_file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in || bytes.str().empty() || bytes.str().size() > kMaxLogoBytes)
      return Status::invalid_input("display.logo_file " + config.display_logo_file +
                                   ": cannot read it, or it is empty or over 1 MiB");
    screens->logo_ = bytes.str();
    screens->logo_type_ = logo_type_for(config.display_logo_file);
  }
  screens->page_config_json_ = app::page_config_json(config, !screens->logo_.empty());
  if (Status pole = screens->start_pole(config); !pole.is_ok()) return pole;
  return screens;
}

Status Screens::start_pole(const config::Config& config) {
  if (config.pole_device.empty()) return Status::ok();
  auto command_set = display::parse_command_set(config.pole_command_set);
  if (!command_set.is_ok()) return command_set.status();
  display::PoleSettings settings;
  settings.device = config.pole_device;
  settings.baud = std::stoi(config.pole_baud);
  settings.command_set = *command_set;
  auto pole = display::PoleDisplay::start(settings);
  if (!pole.is_ok()) return Status::invalid_input("pole display: " + pole.status().message());
  pole_ = std::move(*pole);
  std::string lane = config.pole_lane.empty() ? config.display_default_lane : config.pole_lane;
  if (lane.empty()) {
    const auto lanes = split_lanes(config.display_lanes);
    lane = lanes.empty() ? "1" : lanes.front();
  }
  display::PoleDisplay* raw = pole_.get();
  pole_follower_ = std::make_unique<display::PoleFollower>(
      hub_, lane, pole_texts(config), [raw](const display::PoleScreen& screen) { raw->show(screen); });
  LOG_NOTICE("pole display on %s (%s, %s baud) follows lane %s", config.pole_device.c_str(),
             config.pole_command_set.c_str(), config.pole_baud.c_str(), lane.c_str());
  return Status::ok();
}

void Screens::tick(std::int64_t now_us) {
  hub_.tick(now_us);
  if (now_us - last_heartbeat_us_ >= heartbeat_us_) {
    last_heartbeat_us_ = now_us;
    streams_.heartbeat();
  }
}

}  // namespace lanecast::app
