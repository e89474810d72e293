// Entry point shared by every unit test binary.
#include <CppUTest/CommandLineTestRunner.h>
#include <CppUTest/MemoryLeakWarningPlugin.h>

int main(int argc, char** argv) {
  // Writer, reader, hub and pole tests allocate on several threads at once; CppUTest's
  // default leak-tracking operator new is not thread-safe.
  MemoryLeakWarningPlugin::turnOnThreadSafeNewDeleteOverloads();
  return CommandLineTestRunner::RunAllTests(argc, argv);
}
