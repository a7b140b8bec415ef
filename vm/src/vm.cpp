// The public entry points (tt/vm/vm.hpp).
#include "tt/vm/vm.hpp"

#include "compiled.hpp"
#include "machine.hpp"

namespace tt::vm {

CompiledScenario::CompiledScenario(const Scenario& s) : compiled_(std::make_unique<detail::Compiled>()) {
  detail::compileScenario(s, *compiled_);
}
CompiledScenario::~CompiledScenario() = default;
const Scenario& CompiledScenario::scenario() const { return compiled_->scenario; }

Engine::Engine(const CompiledScenario& c) : machine_(std::make_unique<detail::Machine>(c.compiled())) {}
Engine::~Engine() = default;

std::uint64_t Engine::run(const RunOptions& o, Metrics* metrics) { return machine_->run(o, metrics); }
RunResult Engine::result() const { return machine_->result(); }

RunResult run(const Scenario& s, const RunOptions& o, Metrics* metrics) {
  CompiledScenario compiled(s);
  Engine engine(compiled);
  engine.run(o, metrics);
  return engine.result();
}

}  // namespace tt::vm
