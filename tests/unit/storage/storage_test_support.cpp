#include "storage_test_support.h"

#include <CppUTest/TestHarness.h>

namespace storage_test {

ThreadSafeLeakDetection::ThreadSafeLeakDetection() {
  MemoryLeakWarningPlugin::turnOnThreadSafeNewDeleteOverloads();
}

ThreadSafeLeakDetection::~ThreadSafeLeakDetection() {
  MemoryLeakWarningPlugin::turnOnDefaultNotThreadSafeNewDeleteOverloads();
}

}  // namespace storage_test
