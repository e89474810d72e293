// lanecastctl export: every order or every event, as JSON lines or CSV.
#include <cstdio>
#include <memory>

#include "daemon/core/money.h"
#include "daemon/core/timestamp.h"
#include "daemon/ctl/commands.h"
#include "daemon/ctl/csv.h"
#include "daemon/ctl/progress.h"
#include "daemon/ctl/records_json.h"

namespace lanecast::ctl {
namespace {

constexpr int kPage = 1000;

constexpr OptionSpec kOptions[] = {
    {"format", "FORMAT", "jsonl (one JSON object a line, the default) or csv"},
    {"what", "WHAT", "orders (the default: each with its revisions and mutator answers) or events"},
    {"output", "FILE", "write to FILE instead of standard output"},
    {"after", "N", "events after this sequence number, or orders after this order id"},
};

struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

class Sink {
 public:
  explicit Sink(std::FILE* out) : out_(out) {}
  void write(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), out_) != text.size()) failed_ = true;
  }
  bool finish() { return std::fflush(out_) == 0 && std::ferror(out_) == 0 && !failed_; }

 private:
  std::FILE* out_;
  bool failed_ = false;
};

std::string time_text(std::int64_t micros) { return micros == 0 ? "" : format_timestamp(micros); }
std::string money_text(const std::optional<std::int64_t>& minor, int decimals) {
  return minor ? format_money(*minor, decimals) : "";
}

std::vector<std::string> event_fields(const storage::StoredEvent& e) {
  return {std::to_string(e.seq), time_text(e.received_at_us), e.kind, e.path, e.session_id,
          e.order_id ? std::to_string(*e.order_id) : "", e.status, e.zone_id, std::to_string(e.redeliveries), e.body,
          e.answer};
}

std::vector<std::string> order_fields(const storage::OrderSummary& s, int decimals) {
  const storage::OrderState& o = s.order;
  std::size_t fell_back = 0;
  for (const auto& m : s.mutations) fell_back += m.fell_back ? 1 : 0;
  return {std::to_string(o.order_id), o.external_ref, o.session_id, o.status, money_text(o.total_minor, decimals),
          money_text(o.tax_minor, decimals), money_text(o.subtotal_minor, decimals), o.payment_status,
          time_text(o.first_seen_us), time_text(o.updated_at_us), std::to_string(o.revisions.size()),
          std::to_string(s.mutations.size()), std::to_string(fell_back)};
}

Result<std::int64_t> export_events(storage::ReadQueries& queries, std::int64_t after, bool csv, Sink& sink) {
  auto total = queries.event_count();
  Progress progress("export", total.is_ok() ? *total : 0);
  if (csv) {
    sink.write(csv_row({"seq", "received_at", "kind", "path", "session_id", "order_id", "status", "zone_id",
                        "redeliveries", "body", "answer"}));
  }
  std::int64_t written = 0;
  for (;;) {
    auto page = queries.events_after(after, kPage);
    if (!page.is_ok()) return page.status();
    if (page->empty()) return written;
    for (const auto& event : *page) {
      sink.write(csv ? csv_row(event_fields(event)) : json_print(event_json(event).get()) + "\n");
    }
    written += static_cast<std::int64_t>(page->size());
    after = page->back().seq;
    progress.set(written);
  }
}

Result<std::int64_t> export_orders(storage::ReadQueries& queries, std::int64_t after, bool csv, int decimals,
                                   Sink& sink) {
  Progress progress("export", 0);
  if (csv) {
    sink.write(csv_row({"order_id", "external_id", "session_id", "status", "total_price", "total_tax",
                        "subtotal_price", "payment_status", "first_seen", "updated_at", "revisions", "mutations",
                        "mutations_fell_back"}));
  }
  std::int64_t written = 0;
  for (;;) {
    auto page = queries.orders_after(after, kPage);
    if (!page.is_ok()) return page.status();
    if (page->empty()) return written;
    for (const auto& order : *page) {
      sink.write(csv ? csv_row(order_fields(order, decimals)) : json_print(order_json(order, decimals).get()) + "\n");
    }
    written += static_cast<std::int64_t>(page->size());
    after = page->back().order.order_id;
    progress.set(written);
  }
}

int run_export(const Context& context, const Args& args) {
  const std::string format = args.text("format", "jsonl");
  const std::string what = args.text("what", "orders");
  if (format != "jsonl" && format != "csv") return usage_error("--format must be jsonl or csv");
  if (what != "orders" && what != "events") return usage_error("--what must be orders or events");
  auto after = args.integer("after", 0, 0, INT64_MAX);
  if (!after.is_ok()) return usage_error(after.status().message());
  auto queries = open_database_for_reading(context);
  if (!queries.is_ok()) return fail(queries.status().message());
  std::unique_ptr<std::FILE, FileClose> file;
  if (const std::string* output = args.value("output")) {
    file.reset(std::fopen(output->c_str(), "wb"));
    if (!file) return fail("cannot write " + *output);
  }
  Sink sink(file ? file.get() : stdout);
  const bool csv = format == "csv";
  auto written = what == "events" ? export_events(**queries, *after, csv, sink)
                                  : export_orders(**queries, *after, csv, context.decimals, sink);
  if (!written.is_ok()) return fail(written.status().message());
  if (!sink.finish()) return fail("writing the export failed");
  if (file) {
    const std::string note = "exported " + std::to_string(*written) + " " + what + " to " + *args.value("output") + "\n";
    std::fputs(note.c_str(), stderr);
  }
  return kExitOk;
}

}  // namespace

const Command& export_command() {
  static const Command command{
      "export", "export [--format jsonl|csv] [--what orders|events] [--output FILE]",
      "every order or every event as JSON lines or CSV, for spreadsheets and other systems",
      "Reads the database (--db) page by page, while the daemon keeps running. Orders carry their\n"
      "revisions and cart-mutator answers (in CSV: their counts). Money is written as decimal text\n"
      "with --decimals places (JSON lines also give integer minor units); times are UTC ISO-8601.\n"
      "Events carry their exact bodies and answers.\n",
      kOptions, run_export};
  return command;
}

}  // namespace lanecast::ctl
