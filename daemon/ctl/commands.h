// The table of lanecastctl's commands, and the program's entry point.
//
// Thread: the main thread.
#pragma once

#include <span>
#include <string_view>

#include "daemon/ctl/command.h"

namespace lanecast::ctl {

// One function per command, each in its own file.
const Command& status_command();
const Command& events_command();
const Command& orders_command();
const Command& order_command();
const Command& sessions_command();
const Command& lanes_command();
const Command& simulate_command();
const Command& replay_command();
const Command& backup_command();
const Command& export_command();
const Command& check_config_command();

// Every command, in the order --help lists them.
std::span<const Command* const> all_commands();
const Command* find_command(std::string_view name);

// The whole program: global options, dispatch, help. Returns the exit code.
int run_lanecastctl(int argc, const char* const* argv);

}  // namespace lanecast::ctl
