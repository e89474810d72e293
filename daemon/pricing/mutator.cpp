#include "daemon/pricing/mutator.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "daemon/core/json.h"
#include "daemon/core/json_writer.h"
#include "daemon/pricing/answer_writer.h"
#include "daemon/pricing/cart_pricer.h"
#include "daemon/pricing/request_reader.h"
#include "daemon/pricing/rules_loader.h"
#include "daemon/webhooks/parser.h"

namespace lanecast::pricing {
namespace {

constexpr std::size_t kMaxRulesFileBytes = 16 << 20;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Result<std::string> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Status::invalid_input(path + ": $: cannot open (" + std::strerror(errno) + ")");
  std::string text;
  char buffer[64 * 1024];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, got);
    if (text.size() > kMaxRulesFileBytes)
      return Status::invalid_input(path + ": $: larger than 16 MiB");
  }
  if (std::ferror(file.get())) return Status::invalid_input(path + ": $: read error");
  return text;
}

Status wrong_decimals(const RuleSet& rules, int decimals) {
  return Status::internal("rules '" + rules.name() + "' were loaded for " +
                          std::to_string(rules.decimals()) + " decimals, not " +
                          std::to_string(decimals));
}

}  // namespace

Result<std::shared_ptr<const RuleSet>> load_rules_file(const std::string& path, int decimals) {
  Result<std::string> text = read_file(path);
  if (!text.is_ok()) return text.status();
  return load_rules(*text, path, decimals);
}

Result<std::shared_ptr<const RuleSet>> load_rules_text(std::string_view json,
                                                       const std::string& name, int decimals) {
  return load_rules(json, name, decimals);
}

Result<Mutation> mutate(const cJSON* request, const RuleSet& rules, int decimals) {
  if (decimals != rules.decimals()) return wrong_decimals(rules, decimals);
  Result<webhooks::CartMutatorRequest> typed = webhooks::parse_cart_to_price(request, decimals);
  if (!typed.is_ok()) return typed.status();
  return mutate(request, *typed, rules, decimals);
}

Result<Mutation> mutate(const cJSON* request, const webhooks::CartMutatorRequest& typed,
                        const RuleSet& rules, int decimals) {
  if (decimals != rules.decimals()) return wrong_decimals(rules, decimals);
  Result<PricingRequest> read = read_request(typed, request, rules);
  if (!read.is_ok()) return read.status();
  Result<PricedCart> cart = price_cart(*read, rules);
  if (!cart.is_ok()) return cart.status();
  Result<std::string> answer = write_answer(request, *read, *cart, rules, decimals);
  if (!answer.is_ok()) return answer.status();
  Mutation mutation;
  mutation.answer_json = std::move(answer).value();
  mutation.total = cart->total;
  mutation.tax = cart->tax;
  mutation.subtotal = cart->subtotal;
  mutation.cart = std::move(cart).value();
  mutation.item_cart_index.reserve(read->items.size());
  for (const RequestItem& item : read->items) mutation.item_cart_index.push_back(item.cart_index);
  return mutation;
}

std::string echo_answer(const cJSON* request) { return print_json(request); }

}  // namespace lanecast::pricing
