#include "lease/lease_explore.h"

#include <fmt/format.h>

#include <set>

#include "sim/check.h"

namespace catsim::lease {

namespace {

struct Node {
  ModelState state;
  uint64_t parent = 0;  // index of the node it was reached from (itself for the root)
  ModelAction action;   // the step that reached it
  uint32_t depth = 0;
};

// The steps from the root to nodes[last], then the violating step (if any).
std::vector<std::string> path_to(const LeaseModel& model, const std::vector<Node>& nodes,
                                 uint64_t last, const ModelAction* violating) {
  std::vector<uint64_t> chain;
  for (uint64_t at = last; at != 0; at = nodes[at].parent) chain.push_back(at);
  std::vector<std::string> lines;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Node& node = nodes[*it];
    lines.push_back(fmt::format("{} => {}",
                                model.describe_action(nodes[node.parent].state, node.action),
                                model.describe_state(node.state)));
  }
  if (violating != nullptr) {
    const ModelState& from = nodes[last].state;
    ModelStep step = model.step(from, *violating);
    lines.push_back(fmt::format("{} => {}", model.describe_action(from, *violating),
                                model.describe_state(step.state)));
  }
  return lines;
}

}  // namespace

ExploreResult explore(const LeaseModel& model, uint64_t states_max) {
  CATSIM_CHECK(states_max >= 1);
  ExploreResult result;
  std::vector<Node> nodes{Node{model.initial(), 0, {}, 0}};
  std::set<ModelState> seen{nodes[0].state};
  if (auto violation = model.check(nodes[0].state)) {
    result.violation = violation;
    result.states = 1;
    return result;
  }
  std::vector<ModelAction> actions;
  for (uint64_t next = 0; next < nodes.size(); ++next) {
    result.depth = nodes[next].depth;
    ModelState state = nodes[next].state;
    model.enabled(state, actions);
    for (const ModelAction& action : actions) {
      ++result.transitions;
      ModelStep step = model.step(state, action);
      if (step.violation) {
        result.violation = step.violation;
        result.counterexample = path_to(model, nodes, next, &action);
        result.states = nodes.size();
        return result;
      }
      if (seen.contains(step.state)) continue;
      if (nodes.size() >= states_max) {
        result.states = nodes.size();
        return result;  // cut: not complete
      }
      seen.insert(step.state);
      nodes.push_back(Node{step.state, next, action, nodes[next].depth + 1});
      if (auto violation = model.check(step.state)) {
        result.violation = violation;
        result.counterexample = path_to(model, nodes, nodes.size() - 1, nullptr);
        result.states = nodes.size();
        return result;
      }
    }
  }
  result.states = nodes.size();
  result.complete = true;
  return result;
}

}  // namespace catsim::lease
