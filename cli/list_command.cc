#include <fmt/format.h>

#include "cli/commands.h"
#include "impl/variant.h"

namespace catsim::cli {

namespace {
std::string_view kind_name(VariantKind kind) {
  switch (kind) {
    case VariantKind::kCorrect:
      return "default";
    case VariantKind::kAsDesigned:
      return "spec";
    case VariantKind::kMutant:
      return "mutant";
    case VariantKind::kFixLeftOut:
      return "finding";
  }
  return "?";
}
}  // namespace

void add_list_command(CLI::App& app, Action& action) {
  CLI::App* list = app.add_subcommand("list", "list what can be named on the command line");
  auto what = std::make_shared<std::string>();
  list->add_option("what", *what, "variants")->required()->check(CLI::IsMember({"variants"}));
  list->callback([&action, what] {
    action = [] {
      fmt::print("{:<17} {:<32} {:<7} {:<8} {}\n", "protocol", "variant", "kind", "breaks",
                 "description");
      for (const Variant& variant : all_variants()) {
        fmt::print("{:<17} {:<32} {:<7} {:<8} {}\n", protocol_name(variant.protocol), variant.name,
                   kind_name(variant.kind), variant.expected_text(), variant.description);
      }
      return 0;
    };
  });
}

}  // namespace catsim::cli
