#include "daemon/forward/mqtt_link.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>

namespace lanecast::forward {
namespace {

Status link_error(const char* what, int rc) {
  std::string message = std::string(what) + ": " + mosquitto_strerror(rc);
  if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_TLS) return Status::invalid_input(std::move(message));
  return Status::io_error(std::move(message));
}

const char* or_null(const std::string& text) { return text.empty() ? nullptr : text.c_str(); }

// libmosquitto calls these from mosquitto_loop, on the forwarder's thread; they must not throw.
void on_connect(mosquitto*, void* self, int reason, int, const mosquitto_property*) {
  static_cast<MqttLink*>(self)->listener().on_connack(reason);
}

void on_publish(mosquitto*, void* self, int mid, int reason, const mosquitto_property*) {
  static_cast<MqttLink*>(self)->listener().on_puback(mid, reason);
}

}  // namespace

MqttLibrary::MqttLibrary() { mosquitto_lib_init(); }
MqttLibrary::~MqttLibrary() { mosquitto_lib_cleanup(); }

std::string reason_text(int reason) { return mosquitto_reason_string(reason); }


Result<std::unique_ptr<MqttLink>> MqttLink::open(const LinkOptions& options,
                                                 LinkListener& listener) {
  const ForwardSettings& s = *options.settings;
  std::unique_ptr<MqttLink> link(new MqttLink(listener));
  // Clean start: the forwarder replays from its own cursor, never from a broker session.
  link->handle_ = mosquitto_new(s.client_id.c_str(), true, link.get());
  if (link->handle_ == nullptr) return Status::internal("mosquitto_new failed");
  mosquitto* m = link->handle_;
  mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION,
                       options.protocol == kMqtt5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
  // The window is the forwarder's: libmosquitto should send at once whatever it is handed.
  mosquitto_int_option(m, MOSQ_OPT_SEND_MAXIMUM, s.max_inflight + 2);
  mosquitto_connect_v5_callback_set(m, on_connect);
  mosquitto_publish_v5_callback_set(m, on_publish);
  int rc = mosquitto_will_set_v5(m, options.will_topic.c_str(),
                                 static_cast<int>(options.will_payload.size()),
                                 options.will_payload.data(), 1, true, nullptr);
  if (rc != MOSQ_ERR_SUCCESS) return link_error("last will", rc);
  if (!s.username.empty()) {
    rc = mosquitto_username_pw_set(m, s.username.c_str(), or_null(s.password));
    if (rc != MOSQ_ERR_SUCCESS) return link_error("user name", rc);
  }
  if (s.broker.tls) {
    if (s.ca_path.empty()) mosquitto_int_option(m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    rc = mosquitto_tls_set(m, or_null(s.ca_path), s.ca_path.empty() ? "/etc/ssl/certs" : nullptr,
                           or_null(s.cert_path), or_null(s.key_path), nullptr);
    if (rc != MOSQ_ERR_SUCCESS) return link_error("TLS files", rc);
  }
  rc = mosquitto_connect_async(m, s.broker.host.c_str(), s.broker.port, s.keepalive_s);
  if (rc != MOSQ_ERR_SUCCESS) {
    return Status::io_error("connect to " + s.broker.host + ":" + std::to_string(s.broker.port) +
                            ": " + (rc == MOSQ_ERR_ERRNO ? "connection failed" : mosquitto_strerror(rc)));
  }
  return link;
}

MqttLink::~MqttLink() {
  if (handle_ != nullptr) mosquitto_destroy(handle_);
}

Status MqttLink::poll(int timeout_ms) {
  const int rc = mosquitto_loop(handle_, timeout_ms, 1);
  if (rc == MOSQ_ERR_SUCCESS) return Status::ok();
  if (rc == MOSQ_ERR_ERRNO) return Status::io_error("connection lost: system error");
  return Status::io_error(std::string("connection lost: ") + mosquitto_strerror(rc));
}

Result<int> MqttLink::publish(const std::string& topic, const std::string& payload, bool retain) {
  int mid = 0;
  const int rc = mosquitto_publish_v5(handle_, &mid, topic.c_str(),
                                      static_cast<int>(payload.size()), payload.data(), 1, retain,
                                      nullptr);
  if (rc != MOSQ_ERR_SUCCESS) return link_error("publish", rc);
  return mid;
}

void MqttLink::disconnect() { mosquitto_disconnect_v5(handle_, MQTT_RC_NORMAL_DISCONNECTION, nullptr); }

}  // namespace lanecast::forward
