#include "tt/fuzz/semantic_coverage.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "tt/core/program.hpp"

namespace tt::fuzz {
namespace {

using FK = Fault::Kind;
using BK = BlockReason::Kind;

struct Possible {
  Opcode op;
  std::vector<FK> faults;
  std::vector<BK> blocks;
};

// Reference B §4, per instruction: the faults its checks raise, plus the step wrapper's
// (monitor: typeViolation for the shape-checked and structurally checked ones; cost:
// outOfCredits for all; output gate: specFault for those with an observable event).
const std::vector<Possible>& possibleOutcomes() {
  static const std::vector<Possible> table{
      {Opcode::Send, {FK::TypeViolation, FK::OutOfRegisters, FK::ChannelClosed, FK::SpecFault, FK::FlowViolation, FK::OutOfCredits}, {BK::SendWait}},
      {Opcode::Receive, {FK::TypeViolation, FK::OutOfRegisters, FK::ChannelClosed, FK::SpecFault, FK::NoProgressToken, FK::InvalidSignature, FK::OutOfCredits}, {BK::RecvWait}},
      {Opcode::Offer, {FK::TypeViolation, FK::OutOfRegisters, FK::ChannelClosed, FK::SpecFault, FK::UnknownLabel, FK::FlowViolation, FK::OutOfCredits}, {BK::SendWait}},
      {Opcode::Choose, {FK::TypeViolation, FK::OutOfRegisters, FK::ChannelClosed, FK::SpecFault, FK::UnknownLabel, FK::InvalidSignature, FK::OutOfCredits}, {BK::RecvWait}},
      {Opcode::Acquire, {FK::AcquireFault, FK::OutOfRegisters, FK::SpecFault, FK::OutOfCredits}, {BK::AcquireDenied}},
      {Opcode::Release, {FK::AcquireFault, FK::OutOfRegisters, FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Invoke, {FK::InvokeFault, FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Open, {FK::CloseFault, FK::SpecFault, FK::OutOfRegisters, FK::TypeViolation, FK::OutOfCredits}, {}},
      {Opcode::Close, {FK::TypeViolation, FK::OutOfRegisters, FK::CloseFault, FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Fork, {FK::SpecFault, FK::TypeViolation, FK::OutOfRegisters, FK::OutOfCredits}, {}},
      {Opcode::Join, {FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Abort, {FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Transfer, {FK::OutOfRegisters, FK::TransferFault, FK::TypeViolation, FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Tag, {FK::TypeViolation, FK::OutOfRegisters, FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Check, {FK::TypeViolation, FK::OutOfRegisters, FK::SpecFault, FK::OutOfCredits}, {}},
      {Opcode::Set, {FK::OutOfRegisters, FK::OutOfCredits}, {}},
      {Opcode::Move, {FK::OutOfRegisters, FK::OutOfCredits}, {}},
      {Opcode::Jump, {FK::OutOfCredits}, {}},
      {Opcode::Spawn, {FK::OutOfCredits}, {}},
      {Opcode::Yield, {FK::OutOfCredits}, {}},
      {Opcode::Halt, {FK::OutOfCredits}, {}},
  };
  return table;
}

std::optional<Opcode> opcodeOfEvent(ObsEvent::Kind k) {
  switch (k) {
    case ObsEvent::Kind::Sent: return Opcode::Send;
    case ObsEvent::Kind::Received: return Opcode::Receive;
    case ObsEvent::Kind::Offered: return Opcode::Offer;
    case ObsEvent::Kind::Chose: return Opcode::Choose;
    case ObsEvent::Kind::Acquired: return Opcode::Acquire;
    case ObsEvent::Kind::Released: return Opcode::Release;
    case ObsEvent::Kind::Invoked: return Opcode::Invoke;
    case ObsEvent::Kind::Opened: return Opcode::Open;
    case ObsEvent::Kind::Closed: return Opcode::Close;
    case ObsEvent::Kind::EpochAdvanced: return std::nullopt;  // close's first event
    case ObsEvent::Kind::Transferred: return Opcode::Transfer;
    case ObsEvent::Kind::Forked: return Opcode::Fork;
    case ObsEvent::Kind::Joined: return Opcode::Join;
    case ObsEvent::Kind::Aborted: return Opcode::Abort;
    case ObsEvent::Kind::Tagged: return Opcode::Tag;
    case ObsEvent::Kind::Checked: return Opcode::Check;
  }
  return std::nullopt;
}

}  // namespace

std::string semanticPointName(std::optional<Opcode> op, const StepOutcome& outcome) {
  std::string name = op ? opcodeName(*op) : "fetch";
  switch (outcome.kind) {
    case StepOutcome::Kind::Success: return name + "/success";
    case StepOutcome::Kind::Fault: return name + "/fault:" + faultKindName(outcome.fault);
    case StepOutcome::Kind::Block: return name + "/block:" + blockReasonName(outcome.block);
  }
  return name;
}

const std::vector<std::string>& semanticUniverse() {
  static const std::vector<std::string> universe = [] {
    std::vector<std::string> out;
    for (const Possible& p : possibleOutcomes()) {
      out.push_back(semanticPointName(p.op, StepOutcome::success()));
      for (FK f : p.faults) out.push_back(semanticPointName(p.op, StepOutcome::faulted(f)));
      for (BK b : p.blocks) out.push_back(semanticPointName(p.op, StepOutcome::blocked(b)));
    }
    out.push_back(semanticPointName(std::nullopt, StepOutcome::faulted(FK::CloseFault)));
    return out;
  }();
  return universe;
}

const std::vector<std::string>& semanticUnreachable() {
  // Under the unit model and the operational profile (docs/fuzzing.md says why): signatures
  // always verify; every loaded session binds handlers, so invoke always finds one; every
  // owned endpoint carries its progress token; a configured layer's resource always opens.
  static const std::vector<std::string> unreachable{
      semanticPointName(Opcode::Receive, StepOutcome::faulted(FK::InvalidSignature)),
      semanticPointName(Opcode::Choose, StepOutcome::faulted(FK::InvalidSignature)),
      semanticPointName(Opcode::Invoke, StepOutcome::faulted(FK::InvokeFault)),
      semanticPointName(Opcode::Receive, StepOutcome::faulted(FK::NoProgressToken)),
      semanticPointName(Opcode::Acquire, StepOutcome::blocked(BK::AcquireDenied)),
  };
  return unreachable;
}

void SemanticCoverage::record(std::optional<Opcode> op, const StepOutcome& outcome, std::uint64_t times) {
  points_[semanticPointName(op, outcome)] += times;
}

void SemanticCoverage::recordRegime(const std::string& regime, std::uint64_t times) { regimes_[regime] += times; }

void SemanticCoverage::recordRun(const Scenario& scenario, const RunResult& result) {
  for (const TickedObsEvent& e : result.trace) {
    if (!e.coro) continue;  // the loader's `opened`
    if (auto op = opcodeOfEvent(e.event.kind)) record(op, StepOutcome::success());
  }
  if (result.outcome == RunOutcome::LoadError) return;

  // Loaded coroutines take ids in image order, then entry (sorted role) order.
  std::vector<const Bytecode*> codeOf;
  std::vector<CodeImage> images;
  try {
    for (const ImageSpec& spec : scenario.images) images.push_back(buildImage(spec, scenario.config));
  } catch (const std::exception&) {
    return;  // not a scenario this recorder can map back to code
  }
  for (const CodeImage& image : images)
    for (std::size_t i = 0; i < image.program.entryPoints.size(); ++i) codeOf.push_back(&image.program.code);
  const std::size_t loaded = codeOf.size();
  // A spawned child runs its parent's program: known only when there is one program.
  const Bytecode* childCode = images.size() == 1 ? &images[0].program.code : nullptr;

  for (const Snapshot::Coroutine& c : result.snapshot.coroutines) {
    if (c.id >= loaded) record(Opcode::Spawn, StepOutcome::success());
    const Bytecode* code = c.id < loaded ? codeOf[c.id] : childCode;
    if (!code) continue;
    auto at = [&](PC pc) -> std::optional<Opcode> {
      if (pc >= code->size()) return std::nullopt;
      return opcodeOf((*code)[pc]);
    };
    switch (c.status.kind) {
      case CoroStatus::Kind::Faulted: record(at(c.pc), StepOutcome::faulted(c.status.fault.kind)); break;
      case CoroStatus::Kind::Blocked:
        if (auto op = at(c.pc)) record(op, StepOutcome::blocked(c.status.reason.kind));
        break;
      case CoroStatus::Kind::Done: record(Opcode::Halt, StepOutcome::success()); break;
      case CoroStatus::Kind::Ready:
      case CoroStatus::Kind::Speculating: break;
    }
  }
}

void SemanticCoverage::merge(const SemanticCoverage& other) {
  for (const auto& [k, v] : other.points_) points_[k] += v;
  for (const auto& [k, v] : other.regimes_) regimes_[k] += v;
}

std::vector<std::string> SemanticCoverage::neverReached() const {
  const auto& unreachable = semanticUnreachable();
  std::vector<std::string> out;
  for (const std::string& p : semanticUniverse())
    if (!points_.count(p) && std::find(unreachable.begin(), unreachable.end(), p) == unreachable.end()) out.push_back(p);
  return out;
}

std::vector<std::string> SemanticCoverage::neverCheckedRegimes() const {
  static const std::vector<std::string> regimes{"n1", "threaded", "envelope", "invalid-cert", "profiles"};
  std::vector<std::string> out;
  for (const std::string& r : regimes) {
    bool checked = false;
    for (const char* status : {":pass", ":covered", ":divergent"}) checked = checked || regimes_.count(r + status);
    if (!checked) out.push_back(r);
  }
  return out;
}

boost::json::value SemanticCoverage::toJson() const {
  boost::json::object points, regimes;
  for (const auto& [k, v] : points_) points[k] = v;
  for (const auto& [k, v] : regimes_) regimes[k] = v;
  boost::json::array never, unchecked;
  for (const std::string& p : neverReached()) never.emplace_back(p);
  for (const std::string& r : neverCheckedRegimes()) unchecked.emplace_back(r);
  return boost::json::object{{"format", "ttfuzz.semantic-coverage/1"},
                             {"points", std::move(points)},
                             {"regimes", std::move(regimes)},
                             {"never_reached", std::move(never)},
                             {"regimes_never_checked", std::move(unchecked)}};
}

SemanticCoverage SemanticCoverage::fromJson(const boost::json::value& j) {
  SemanticCoverage c;
  const auto* obj = j.if_object();
  if (!obj) return c;
  auto read = [](const boost::json::value* v, std::map<std::string, std::uint64_t>& into) {
    if (!v || !v->is_object()) return;
    for (const auto& [k, n] : v->get_object())
      if (n.is_uint64() || n.is_int64()) into[std::string(k)] += n.to_number<std::uint64_t>();
  };
  read(obj->if_contains("points"), c.points_);
  read(obj->if_contains("regimes"), c.regimes_);
  return c;
}

std::string SemanticCoverage::report() const {
  std::ostringstream out;
  const auto& universe = semanticUniverse();
  const std::size_t reachable = universe.size() - semanticUnreachable().size();
  std::size_t reached = 0;
  for (const std::string& p : universe)
    if (points_.count(p)) ++reached;
  out << "semantic coverage: " << reached << " of " << reachable
      << " reachable (instruction, outcome) pairs reached\n";
  const std::vector<std::string> never = neverReached();
  if (!never.empty()) {
    out << "  never reached:\n";
    std::string current;
    for (const std::string& p : never) {
      const std::string op = p.substr(0, p.find('/'));
      if (op != current) {
        if (!current.empty()) out << "\n";
        out << "    " << op << ":";
        current = op;
      }
      out << " " << p.substr(p.find('/') + 1);
    }
    out << "\n";
  }
  out << "  regimes reached:";
  if (regimes_.empty()) out << " (none recorded)";
  for (const auto& [k, v] : regimes_) out << " " << k << "=" << v;
  out << "\n";
  const std::vector<std::string> unchecked = neverCheckedRegimes();
  if (!regimes_.empty() && !unchecked.empty()) {
    out << "  regimes never checked:";
    for (const std::string& r : unchecked) out << " " << r;
    out << "\n";
  }
  return out.str();
}

}  // namespace tt::fuzz
