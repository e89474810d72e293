// Entry point shared by every unit test binary.
#include <CppUTest/CommandLineTestRunner.h>

int main(int argc, char** argv) { return CommandLineTestRunner::RunAllTests(argc, argv); }
