// A parsed webhook body: a read-only cJSON tree whose nodes and strings live in a few large
// blocks owned by the tree, and are freed together with it.
//
// Why not cJSON's own allocation: a 50-line cart is about 1,300 values, and building them
// one malloc at a time (a node, then its string, then its key), zeroing each node and freeing
// them one by one again cost a third of the HTTP thread's time per webhook. Here a body costs
// one or two allocations. The nodes are ordinary cJSON structs, so cJSON's accessors and our
// printer read them as they read any tree; but the tree belongs to this object: never pass
// it to cJSON_Delete, never detach or add nodes. cJSON_Duplicate of a node is fine (it copies
// the strings too).
//
// Thread: any; one tree belongs to one parse.
#pragma once

#include <cjson/cJSON.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace lanecast::webhooks {

class JsonTree {
 public:
  // `expected_bytes`: what the first block holds before another is needed (parse_json_strict
  // sizes it from the body, so most bodies fit in one).
  explicit JsonTree(std::size_t expected_bytes);
  // A moved-from tree is empty (no root), never a view of blocks it no longer owns.
  JsonTree(JsonTree&& other) noexcept;
  JsonTree& operator=(JsonTree&& other) noexcept;

  const cJSON* get() const { return root_; }

  // For the parser: a zeroed node of `type`; a NUL-terminated copy of `text`; the root.
  // Both return nullptr only when memory runs out.
  cJSON* node(int type);
  char* text(std::string_view text);
  void set_root(cJSON* root) { root_ = root; }

 private:
  void* allocate(std::size_t bytes);

  std::vector<std::unique_ptr<unsigned char[]>> blocks_;
  unsigned char* next_ = nullptr;  // the free part of the last block
  std::size_t left_ = 0;
  std::size_t block_bytes_;  // the size of the next block to take
  cJSON* root_ = nullptr;
};

}  // namespace lanecast::webhooks
