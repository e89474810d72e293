// One connection to the broker over libmosquitto: a fresh client handle per connection, so
// nothing the library queued on a previous connection is ever sent again behind the
// forwarder's back (the journal is the only outbox).
//
// The forwarder drives it with poll() (libmosquitto's own mosquitto_loop, no thread of the
// library's), so every callback below runs on the forwarder's thread, inside poll().
//
// Thread: the forwarder thread only.
#pragma once

#include <memory>
#include <string>

#include "daemon/core/status.h"
#include "daemon/forward/forward_settings.h"

struct mosquitto;

namespace lanecast::forward {

// Protocol levels as MQTT numbers them.
inline constexpr int kMqtt311 = 4;
inline constexpr int kMqtt5 = 5;

class LinkListener {
 public:
  virtual ~LinkListener() = default;
  // CONNACK: reason 0 accepted; otherwise refused with that code.
  virtual void on_connack(int reason) = 0;
  // PUBACK for message `mid`: reason < 0x80 success (0x10: no subscribers), >= 0x80 refused.
  virtual void on_puback(int mid, int reason) = 0;
};

struct LinkOptions {
  const ForwardSettings* settings = nullptr;
  int protocol = kMqtt5;
  std::string will_topic;
  std::string will_payload;
};

class MqttLink {
 public:
  // Starts connecting (non-blocking after the name lookup); CONNACK arrives through poll().
  // Failures: invalid_input for TLS files libmosquitto refuses, io_error when the connection
  // cannot even start (name unknown, connection refused at once).
  static Result<std::unique_ptr<MqttLink>> open(const LinkOptions& options,
                                                LinkListener& listener);
  ~MqttLink();  // closes the socket without DISCONNECT: the broker sends the Last Will
  MqttLink(const MqttLink&) = delete;
  MqttLink& operator=(const MqttLink&) = delete;

  // Runs the network for up to timeout_ms. ok while the connection lives; io_error (with
  // libmosquitto's reason) once it is lost.
  Status poll(int timeout_ms);

  // QoS 1. The message id for the PUBACK; failures mean the link is unusable.
  Result<int> publish(const std::string& topic, const std::string& payload, bool retain);

  // A clean DISCONNECT (no Last Will), after publishing what was asked.
  void disconnect();

  LinkListener& listener() { return listener_; }  // for the library's callbacks

 private:
  explicit MqttLink(LinkListener& listener) : listener_(listener) {}

  LinkListener& listener_;
  mosquitto* handle_ = nullptr;
};

// libmosquitto's text for a reason code ("Not authorized").
std::string reason_text(int reason);

// mosquitto_lib_init / cleanup for as long as it lives.
class MqttLibrary {
 public:
  MqttLibrary();
  ~MqttLibrary();
  MqttLibrary(const MqttLibrary&) = delete;
  MqttLibrary& operator=(const MqttLibrary&) = delete;
};

}  // namespace lanecast::forward
