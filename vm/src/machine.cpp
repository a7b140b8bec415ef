// Machine state: reset, the loader (Lean loadChoreographyCore with the operational
// repairs), and the interning helpers the kernel uses at `open`.
#include "machine.hpp"

#include <algorithm>
#include <chrono>

#include "tt/core/error.hpp"

#include "planner.hpp"
#include "worker_pool.hpp"

namespace tt::vm::detail {

Machine::Machine(const Compiled& compiled) : c(compiled), lim_(compiled.scenario.config.limits) {}
Machine::~Machine() = default;

void Machine::reset(const RunOptions& o) {
  coros.clear();
  sessions.clear();
  typeOf.clear();
  entryEp.clear();
  eps = c.eps;
  epRecs.assign(eps.size(), EpRec{});
  edges.clear();
  waiterCount.clear();
  edgeIndex.clear();
  atoms = EndpointTable{};

  links.clear();
  inReady.clear();
  inBlocked.clear();
  readyStamp.clear();
  laneOf.clear();
  execKey.clear();
  trackKeys_ = false;
  readyCount = 0;
  ownershipVersion = 0;
  nextStamp = 0;
  lazyQueue_ = nullptr;
  globalList_ = c.byCoroutineLanes && o.workers > 0 && o.concurrency > 1;
  {
    const SchedPolicyKind k = c.scenario.config.schedPolicy.kind;
    policyFirstRunnable_ = k == SchedPolicyKind::Cooperative || k == SchedPolicyKind::RoundRobin;
  }
  gHead = gTail = kNone;
  laneHead.assign(1, kNone);
  laneTail.assign(1, kNone);
  laneLive.assign(1, 0);
  laneIds.assign(1, 0);
  laneIdsDirty = false;
  stepCount = 0;
  clock = 0;
  live = 0;
  candidates.clear();
  isCandidate.clear();
  wakeAll = false;

  traceOn = o.trace;
  trace_.clear();
  tickHigh_.clear();
  traceLen = 0;
  checks = 0;
  crashedSites.clear();
  partitionKeys.clear();
  needsReconciliation = false;
  failureTrace.clear();
  structuredErrors.clear();
  nextFailureSeqNo = 0;
  ghosts.clear();
  checkpoints.clear();

  bufferedTotal = 0;
  nextSessionId = 0;
  sessionsWithHandlers = 0;
  nextFault = 0;
  nextFaultTick_ = c.faults.empty() ? ~std::uint64_t{0} : c.faults.front().tick;
  outcome = RunOutcome::Completed;
  detail.clear();
}

EpId Machine::internEndpoint(std::uint64_t sid, Sym role) {
  const EpId e = eps.intern({sid, role});
  if (epRecs.size() < eps.size()) epRecs.resize(eps.size());
  return e;
}

EdgeId Machine::findEdge(const EdgeKey& k) const {
  auto it = edgeIndex.find(k);
  return it == edgeIndex.end() ? kNone : it->second;
}

EdgeId Machine::internEdge(const EdgeKey& k) {
  if (EdgeId e = findEdge(k); e != kNone) return e;
  const auto id = static_cast<EdgeId>(edges.size());
  EdgeRec r;
  r.key = k;
  r.cfg = c.bufferConfigFor(k);
  r.partitioned = partitionKeys.count(k) != 0;
  edges.push_back(std::move(r));
  waiterCount.push_back(0);
  edgeIndex.emplace(k, id);
  return id;
}

EdgeId Machine::outEdge(EpId ep, Sym partner) const {
  for (const PartnerEdges& p : epRecs[ep].partners)
    if (p.partner == partner) return p.out;
  const EpKey& k = eps.key(ep);
  return findEdge({k.sid, k.role, partner});
}

EdgeId Machine::inEdge(EpId ep, Sym partner) const {
  for (const PartnerEdges& p : epRecs[ep].partners)
    if (p.partner == partner) return p.in;
  const EpKey& k = eps.key(ep);
  return findEdge({k.sid, partner, k.role});
}

void Machine::createSession(std::uint64_t sid, const std::vector<Sym>& roles,
                            const std::vector<std::pair<Sym, NodeId>>& localTypes, std::vector<EpId>& out) {
  SessionRec s;
  s.roles = roles;
  s.entryBegin = static_cast<std::uint32_t>(typeOf.size());
  for (const auto& [role, node] : localTypes) {
    const EpId ep = internEndpoint(sid, role);
    if (epRecs[ep].entry == kNone) epRecs[ep].entry = static_cast<std::uint32_t>(typeOf.size());
    typeOf.push_back(node);
    entryEp.push_back(ep);
  }
  s.entryCount = static_cast<std::uint32_t>(localTypes.size());
  std::vector<Sym> distinct;
  for (Sym r : roles)
    if (std::find(distinct.begin(), distinct.end(), r) == distinct.end()) distinct.push_back(r);
  // Buffers for every ordered pair, self-edges included (Lean loader / stepOpen).
  for (Sym r1 : distinct) {
    const EpId ep = internEndpoint(sid, r1);
    epRecs[ep].partners.clear();
    for (Sym r2 : distinct) {
      const EdgeId out12 = internEdge({sid, r1, r2});
      const EdgeId in21 = internEdge({sid, r2, r1});
      epRecs[ep].partners.push_back({r2, out12, in21});
    }
  }
  out.clear();
  for (Sym r : roles) out.push_back(internEndpoint(sid, r));
  sessions.push_back(std::move(s));
}

CoId Machine::addCoroutine(std::uint32_t program, PC pc) {
  const auto id = static_cast<CoId>(coros.size());
  Coro co;
  co.program = program;
  co.pc = pc;
  co.budget = c.defaultBudget;
  coros.push_back(std::move(co));
  links.emplace_back();
  inReady.push_back(0);
  inBlocked.push_back(0);
  readyStamp.push_back(0);
  laneOf.push_back(0);
  execKey.push_back(kSkip);
  isCandidate.push_back(0);
  ++live;
  setLane(id);
  return id;
}

// F D4: by-coroutine lanes are `id mod k`, set when the coroutine appears (load, and for a
// spawned child right after its parent's step); single lane: everything on lane 0.
void Machine::setLane(CoId id) {
  const auto lane = c.byCoroutineLanes ? static_cast<std::uint32_t>(id % c.laneCount) : 0u;
  laneOf[id] = lane;
  if (lane >= laneHead.size()) {
    laneHead.resize(lane + 1, kNone);
    laneTail.resize(lane + 1, kNone);
    laneLive.resize(lane + 1, 0);
  }
  if (laneLive[lane]++ == 0) laneIdsDirty = true;
}

void Machine::recomputeLaneIds() {
  laneIds.clear();
  laneIds.push_back(0);
  for (std::uint32_t l = 1; l < laneLive.size(); ++l)
    if (laneLive[l] > 0) laneIds.push_back(l);
  laneIdsDirty = false;
}

void Machine::appendEvent(const Ev& e) {
  if (traceOn) {
    noteTickHigh();
    trace_.push_back(e);
  }
  ++traceLen;
}

// Runtime caps (F D16): reaching one ends the run with the harness outcome resource-limit.
bool Machine::reportResourceLimit() {
  const Limits& l = lim_;
  auto over = [&](const char* what, std::uint64_t n, const char* cap, std::uint64_t max) {
    detail = std::string(what) + " " + std::to_string(n) + " exceeds " + cap + " " + std::to_string(max);
  };
  if (coros.size() > l.maxCoroutinesTotal) over("coroutines", coros.size(), "maxCoroutinesTotal", l.maxCoroutinesTotal);
  else if (sessions.size() > l.maxSessionsTotal) over("sessions", sessions.size(), "maxSessionsTotal", l.maxSessionsTotal);
  else if (bufferedTotal > l.maxBufferedValues) over("buffered values", bufferedTotal, "maxBufferedValues", l.maxBufferedValues);
  else if (traceLen > l.maxTraceEvents) over("trace events", traceLen, "maxTraceEvents", l.maxTraceEvents);
  else return false;
  outcome = RunOutcome::ResourceLimit;
  return true;
}

// Lean loadChoreographyCore for each image, with repair.load.endpoint-register (register 0
// holds the role's endpoint) and repair.recv.progress-token (one token per owned endpoint).
bool Machine::load() {
  if (c.loadError) {  // nothing loads: the result is the fresh state (docs/vm.md)
    outcome = RunOutcome::LoadError;
    detail = *c.loadError;
    return false;
  }
  std::vector<EpId> roleEps;
  for (const ImageLoad& img : c.images) {
    const std::uint64_t sid = nextSessionId;  // nextFreshSessionId: sids are dense
    createSession(sid, img.roles, img.localTypes, roleEps);
    SessionRec& s = sessions.back();
    s.hasHandlers = !img.roles.empty();  // handler 0 on every ordered pair
    if (s.hasHandlers) ++sessionsWithHandlers;
    for (Sym r1 : img.roles)
      for (Sym r2 : img.roles) edges[internEdge({sid, r1, r2})].hasHandler = true;
    for (std::size_t i = 0; i < img.roles.size(); ++i) {
      const CoId id = addCoroutine(img.program, img.entryPcs[i]);
      Coro& co = coros[id];
      co.regs.set(0, Val::chan(roleEps[i]));
      co.owned.push_back(roleEps[i]);
      co.tokens.push_back({roleEps[i], 1});
      co.tokenTotal = 1;
      enqueueReady(id);
    }
    appendEvent(makeEv(clock, kNone, ObsEvent::Kind::Opened, 0, Val::nat(sid)));
    nextSessionId = sid + 1;
  }
  return !resourceLimitReached();
}

std::uint64_t Machine::run(const RunOptions& o, Metrics* metrics) {
  if (o.concurrency == 0) throw InputError("run.concurrency", "concurrency must be at least 1 (F D15)");
  const auto t0 = std::chrono::steady_clock::now();
  metrics_ = Metrics{};
  reset(o);
  if (c.resourceLimit) {
    outcome = RunOutcome::ResourceLimit;
    detail = *c.resourceLimit;
  } else if (load()) {
    const std::uint64_t fuel = c.scenario.run.fuel;
    if (o.workers == 0 || o.concurrency == 1) {
      outcome = runCooperative(fuel);
    } else {
      outcome = runThreaded(fuel, o, &metrics_);
    }
  }
  metrics_.steps = stepCount;
  metrics_.rounds = clock;
  metrics_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (metrics_.workers && metrics_.seconds > 0)
    metrics_.workerUtilisation /= metrics_.seconds * static_cast<double>(metrics_.workers);
  if (metrics_.waves) metrics_.meanWaveWidth /= static_cast<double>(metrics_.waves);
  if (metrics) *metrics = metrics_;
  return stepCount;
}

}  // namespace tt::vm::detail
