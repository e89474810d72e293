// lanecastctl: the operators' tool beside lanecastd. See commands.h.
#include "daemon/ctl/commands.h"

int main(int argc, char** argv) { return lanecast::ctl::run_lanecastctl(argc, argv); }
