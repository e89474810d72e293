// lanecastctl check-config: asks lanecastd itself to validate a configuration, so the check
// is exactly the daemon's (keys, ranges, token files, pricing rules).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "daemon/ctl/commands.h"
#include "daemon/ctl/records_json.h"

extern char** environ;

namespace lanecast::ctl {
namespace {

constexpr OptionSpec kOptions[] = {
    {"config", "FILE", "an extra configuration file, as lanecastd --config (repeatable)"},
    {"config-dir", "DIR", "the configuration directory, as lanecastd --config-dir (default /etc/lanecast)"},
    {"set", "KEY=VALUE", "one setting, as lanecastd --set (repeatable)"},
    {"lanecastd", "PATH", "the lanecastd to ask (default: $LANECASTD, else beside lanecastctl, else /usr/sbin)"},
};

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

std::string own_directory() {
  char buffer[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) return "";
  std::string path(buffer, static_cast<std::size_t>(n));
  return path.substr(0, path.rfind('/'));
}

// Installed: bin/lanecastctl beside sbin/lanecastd. Built: daemon/ctl/lanecastctl under
// daemon/lanecastd.
std::string find_lanecastd(const Args& args) {
  if (const std::string* given = args.value("lanecastd")) return *given;
  if (const char* env = std::getenv("LANECASTD"); env != nullptr && *env != '\0') return env;
  const std::string here = own_directory();
  for (const char* relative : {"/lanecastd", "/../sbin/lanecastd", "/../lanecastd"}) {
    if (here.empty() || !executable(here + relative)) continue;
    char resolved[PATH_MAX];
    return ::realpath((here + relative).c_str(), resolved) != nullptr ? resolved : here + relative;
  }
  return executable("/usr/sbin/lanecastd") ? "/usr/sbin/lanecastd" : "lanecastd";
}

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together, in order
};

Result<RunResult> run_and_capture(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Status::io_error(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  std::vector<char*> raw;
  for (const std::string& arg : argv) raw.push_back(const_cast<char*>(arg.c_str()));
  raw.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return Status::io_error("cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  RunResult result;
  char buffer[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// Journal priority prefixes ("<3>") mean nothing on a terminal.
std::string without_priorities(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size() - 1;
    std::string_view line(text.data() + start, end - start + 1);
    if (line.size() >= 3 && line[0] == '<' && line[2] == '>' && line[1] >= '0' && line[1] <= '7') line.remove_prefix(3);
    out += line;
    start = end + 1;
  }
  return out;
}

int run_check_config(const Context& context, const Args& args) {
  const std::string lanecastd = find_lanecastd(args);
  std::vector<std::string> argv = {lanecastd, "--check-config"};
  for (const std::string& file : args.values("config")) argv.insert(argv.end(), {"--config", file});
  if (const std::string* dir = args.value("config-dir")) argv.insert(argv.end(), {"--config-dir", *dir});
  for (const std::string& setting : args.values("set")) argv.insert(argv.end(), {"--set", setting});
  auto result = run_and_capture(argv);
  if (!result.is_ok()) return fail(result.status().message());
  const std::string output = without_priorities(result->output);
  const bool ok = result->exit_code == 0;
  if (context.json) {
    JsonPtr root(cJSON_CreateObject());
    cJSON_AddBoolToObject(root.get(), "ok", ok);
    add_integer(root.get(), "exitCode", result->exit_code);
    cJSON_AddStringToObject(root.get(), "lanecastd", lanecastd.c_str());
    cJSON_AddStringToObject(root.get(), "output", output.c_str());
    write_json(root.get());
  } else {
    write_out(output.empty() || output.back() == '\n' ? output : output + "\n");
  }
  return ok ? kExitOk : kExitFailure;
}

}  // namespace

const Command& check_config_command() {
  static const Command command{
      "check-config", "check-config [--config FILE] [--config-dir DIR] [--set KEY=VALUE]",
      "validate the daemon's configuration and pricing rules without starting it",
      "Runs lanecastd --check-config with the same options, so the verdict is the daemon's own:\n"
      "every key, range and token file, and the pricing rules file. Errors name file, line and\n"
      "reason. Exits 0 when the configuration is valid, 1 when it is not.\n",
      kOptions, run_check_config};
  return command;
}

}  // namespace lanecast::ctl
