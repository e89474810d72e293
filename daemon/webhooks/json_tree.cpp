#include "daemon/webhooks/json_tree.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

namespace lanecast::webhooks {
namespace {

constexpr std::size_t kMinBlockBytes = 1024;
constexpr std::size_t kAlignment = alignof(cJSON);

std::size_t aligned(std::size_t bytes) { return (bytes + kAlignment - 1) & ~(kAlignment - 1); }

}  // namespace

JsonTree::JsonTree(std::size_t expected_bytes)
    : block_bytes_(std::max(kMinBlockBytes, aligned(expected_bytes))) {}

JsonTree::JsonTree(JsonTree&& other) noexcept
    : blocks_(std::move(other.blocks_)),
      next_(std::exchange(other.next_, nullptr)),
      left_(std::exchange(other.left_, 0)),
      block_bytes_(other.block_bytes_),
      root_(std::exchange(other.root_, nullptr)) {}

JsonTree& JsonTree::operator=(JsonTree&& other) noexcept {
  blocks_ = std::move(other.blocks_);
  next_ = std::exchange(other.next_, nullptr);
  left_ = std::exchange(other.left_, 0);
  block_bytes_ = other.block_bytes_;
  root_ = std::exchange(other.root_, nullptr);
  return *this;
}

void* JsonTree::allocate(std::size_t bytes) {
  bytes = aligned(bytes);
  if (bytes > left_) {
    // Each further block is at least twice the last: a body larger than expected costs a
    // handful of blocks, never one per value.
    const std::size_t size = std::max(block_bytes_, bytes);
    auto* block = new (std::nothrow) unsigned char[size];
    if (block == nullptr) return nullptr;
    blocks_.emplace_back(block);
    next_ = block;
    left_ = size;
    block_bytes_ = size * 2;
  }
  void* out = next_;
  next_ += bytes;
  left_ -= bytes;
  return out;
}

cJSON* JsonTree::node(int type) {
  auto* node = static_cast<cJSON*>(allocate(sizeof(cJSON)));
  if (node == nullptr) return nullptr;
  std::memset(node, 0, sizeof(cJSON));
  node->type = type;
  return node;
}

char* JsonTree::text(std::string_view text) {
  auto* out = static_cast<char*>(allocate(text.size() + 1));
  if (out == nullptr) return nullptr;
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

}  // namespace lanecast::webhooks
