#include "storage/completion_thread.h"

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage_test_support.h"

// Last: CppUTest's leak detector redefines `new`, which the standard headers must not see.
#include <CppUTest/TestHarness.h>

using namespace storage_test;

namespace {

// What the completions saw, in the order they ran, and on which thread.
struct Seen {
  std::mutex mu;
  std::vector<std::string> calls;
  std::vector<std::thread::id> threads;

  WriteCompletion completion(std::string name) {
    return [this, name = std::move(name)](Result<StoredAnswer> answer) {
      std::lock_guard lock(mu);
      calls.push_back(name + "=" + (answer.is_ok() ? answer->answer : answer.status().message()));
      threads.push_back(std::this_thread::get_id());
    };
  }
};

PendingWrite pending(Seen& seen, const std::string& name, std::string answer) {
  WebhookRecord record;
  record.answer = std::move(answer);
  return PendingWrite{std::move(record), seen.completion(name)};
}

Result<StoredAnswer> stored(std::int64_t seq, bool duplicate = false, std::string answer = "") {
  StoredAnswer stored_answer;
  stored_answer.seq = seq;
  stored_answer.duplicate = duplicate;
  stored_answer.answer = std::move(answer);
  return stored_answer;
}

}  // namespace

TEST_GROUP(ACompletionThread) {
  ThreadSafeLeakDetection thread_safe_allocations;
};

TEST(ACompletionThread, AnswersEveryBatchInTheOrderItWasHandedOverOnItsOwnThread) {
  Seen seen;
  {
    CompletionThread completions;
    std::vector<PendingWrite> writes;
    std::vector<Result<StoredAnswer>> answers;
    writes.push_back(pending(seen, "a", "answer-a"));
    writes.push_back(pending(seen, "b", "answer-b"));
    answers.push_back(stored(1));
    answers.push_back(stored(1, true, "the original's"));  // a redelivery keeps its stored answer
    completions.hand(Status(), writes, answers);
    CHECK_TRUE(writes.empty());
    CHECK_TRUE(answers.empty());

    writes.push_back(pending(seen, "c", "answer-c"));
    writes.push_back(pending(seen, "d", "answer-d"));
    completions.hand(Status::io_error("disk gone"), writes, answers);

    writes.push_back(pending(seen, "e", "answer-e"));
    answers.push_back(stored(3));
    completions.hand(Status(), writes, answers);
  }  // the destructor answers whatever is still waiting
  const std::vector<std::string> expected = {"a=answer-a", "b=the original's", "c=disk gone",
                                             "d=disk gone", "e=answer-e"};
  CHECK_TRUE(seen.calls == expected);
  for (const auto& id : seen.threads) CHECK_TRUE(id != std::this_thread::get_id());
}
