#include "planner.hpp"

#include <algorithm>

#include "machine.hpp"

namespace tt::vm::detail {

// Lean coroFootprintAtoms: for each owned endpoint, in order, (ep.sid, r) for r in
// dedup([ep.role] ++ the holder's program summary for ep.role); de-duplicated. Atoms are
// interned to dense ids; the list is cached until the coroutine's ownership changes.
const SmallVec<std::uint32_t, 4>& Machine::footprint(CoId id) {
  Coro& co = coros[id];
  if (!co.fpDirty) return co.fp;
  co.fp.clear();
  const ProgramC& p = c.programs[co.program];
  for (EpId ep : co.owned) {
    const EpKey k = eps.key(ep);
    auto add = [&](Sym r) {
      const std::uint32_t a = atoms.intern({k.sid, r});
      if (!co.fp.any([a](std::uint32_t x) { return x == a; })) co.fp.push_back(a);
    };
    const std::vector<Sym>* roles = nullptr;
    for (const auto& [role, list] : p.footprint)
      if (role == k.role) {
        roles = &list;
        break;
      }
    if (roles) {
      for (Sym r : *roles) add(r);
    } else {
      add(k.role);
    }
  }
  co.fpDirty = false;
  return co.fp;
}

bool Planner::laneUsed(std::uint32_t lane, std::uint32_t wave) const {
  const auto& bits = laneBits_[lane];
  const std::size_t word = wave / 64;
  return word < bits.size() && ((bits[word] >> (wave % 64)) & 1u);
}

void Planner::plan(Machine& m) {
  ++round_;
  order_.clear();
  waveOf_.clear();
  conflicts = 0;
  std::uint32_t waves = 0;
  m.forEachReady([&](CoId x) {
    if (!m.runnable(x)) return;  // never planned (Lean defers it every pass)
    const auto& fp = m.footprint(x);
    const std::uint32_t lane = m.laneOf[x];
    if (lane >= laneStamp_.size()) {
      laneStamp_.resize(lane + 1, 0);
      laneBits_.resize(lane + 1);
      laneFree_.resize(lane + 1, 0);
    }
    if (laneStamp_[lane] != round_) {
      laneStamp_[lane] = round_;
      laneBits_[lane].clear();
      laneFree_[lane] = 0;
    }
    for (std::uint32_t a : fp) {
      if (a >= atomStamp_.size()) {
        atomStamp_.resize(a + 1, 0);
        atomWaves_.resize(a + 1);
      }
      if (atomStamp_[a] != round_) {
        atomStamp_[a] = round_;
        atomWaves_[a].clear();
      }
    }
    std::uint32_t w = laneFree_[lane];
    for (; w < waves; ++w) {
      if (laneUsed(lane, w)) continue;
      bool clash = false;
      for (std::uint32_t a : fp)
        if (atomWaves_[a].any([w](std::uint32_t x) { return x == w; })) {
          clash = true;
          break;
        }
      if (!clash) break;
    }
    conflicts += w;
    if (w == waves) ++waves;
    auto& bits = laneBits_[lane];
    if (bits.size() <= w / 64) bits.resize(w / 64 + 1, 0);
    bits[w / 64] |= std::uint64_t{1} << (w % 64);
    while (laneUsed(lane, laneFree_[lane])) ++laneFree_[lane];
    for (std::uint32_t a : fp) atomWaves_[a].push_back(w);
    order_.push_back(x);
    waveOf_.push_back(w);
  });
  // Stable counting sort by wave: waves in order, queue order inside each.
  waveStart.assign(waves + 1, 0);
  for (std::uint32_t w : waveOf_) ++waveStart[w + 1];
  for (std::uint32_t w = 0; w < waves; ++w) waveStart[w + 1] += waveStart[w];
  picks.resize(order_.size());
  std::vector<std::uint32_t>& cursor = waveOf_;  // reuse: position per wave
  std::vector<std::uint32_t> next(waveStart.begin(), waveStart.end() - 1);
  for (std::size_t i = 0; i < order_.size(); ++i) picks[next[cursor[i]]++] = order_[i];
}

void buildCertificate(const Planner& p, std::uint64_t width, Certificate& out) {
  out.ids = p.picks;
  out.waveStart.clear();
  out.waveStart.push_back(0);
  for (std::size_t w = 0; w + 1 < p.waveStart.size(); ++w) {
    std::uint32_t at = p.waveStart[w];
    const std::uint32_t end = p.waveStart[w + 1];
    while (at < end) {
      const std::uint64_t len = std::min<std::uint64_t>(width, end - at);
      at += static_cast<std::uint32_t>(len);
      out.waveStart.push_back(at);
    }
  }
}

void corruptCertificate(Certificate& c) {
  if (c.ids.empty()) return;
  c.ids.insert(c.ids.begin(), c.ids.front());
  for (std::size_t w = 1; w < c.waveStart.size(); ++w) ++c.waveStart[w];
}

bool CertificateChecker::check(Machine& m, const Certificate& cert) {
  const std::uint64_t round = ++gen_;
  if (seen_.size() < m.coros.size()) seen_.resize(m.coros.size(), 0);
  for (CoId id : cert.ids) {
    if (id >= m.coros.size() || seen_[id] == round) return false;
    seen_[id] = round;
  }
  for (std::size_t w = 0; w < cert.waves(); ++w) {
    const std::uint64_t mark = ++gen_;
    for (std::uint32_t i = cert.waveStart[w]; i < cert.waveStart[w + 1]; ++i) {
      const CoId id = cert.ids[i];
      if (!m.inReady[id] || !m.runnable(id)) return false;
      const std::uint32_t lane = m.laneOf[id];
      if (lane >= laneMark_.size()) laneMark_.resize(lane + 1, 0);
      if (laneMark_[lane] == mark) return false;
      laneMark_[lane] = mark;
      for (std::uint32_t a : m.footprint(id)) {
        if (a >= atomMark_.size()) atomMark_.resize(a + 1, 0);
        if (atomMark_[a] == mark) return false;
        atomMark_[a] = mark;
      }
    }
  }
  return true;
}

}  // namespace tt::vm::detail
