// Footprints, normalisation and the deterministic wave planner (reference C §3.1-3.5).
#include <algorithm>
#include <set>

#include "tt/oracle/threaded.hpp"

namespace tt::oracle {

std::vector<Role> roleFootprintSummary(const Program& prog, const Role& role) {
  for (const auto& [r, partners] : prog.metadata.footprintSummary)
    if (r == role) return partners;
  return {};
}

std::vector<FootprintAtom> coroFootprintAtoms(const VMState& st, CoroutineId cid) {
  if (cid >= st.coroutines.size()) return {};
  const CoroutineState& c = st.coroutines[cid];
  const Program* prog = c.programId < st.programs.size() ? st.programs[c.programId].get() : nullptr;
  std::vector<FootprintAtom> atoms;
  for (const Endpoint& ep : c.ownedEndpoints) {
    // The summary is looked up in the holder's program by the endpoint's role name.
    std::vector<Role> roles{ep.role};
    if (prog)
      for (const Role& r : roleFootprintSummary(*prog, ep.role))
        if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
    for (const Role& r : roles) {
      FootprintAtom atom{ep.sid, r};
      if (std::find(atoms.begin(), atoms.end(), atom) == atoms.end()) atoms.push_back(std::move(atom));
    }
  }
  return atoms;
}

std::optional<SessionId> coroPrimarySession(const VMState& st, CoroutineId cid) {
  if (cid >= st.coroutines.size() || st.coroutines[cid].ownedEndpoints.empty()) return std::nullopt;
  return st.coroutines[cid].ownedEndpoints.front().sid;
}

bool waveFootprintDisjoint(const std::vector<FootprintAtom>& a, const std::vector<FootprintAtom>& b) {
  for (const auto& x : a)
    if (std::find(b.begin(), b.end(), x) != b.end()) return false;
  return true;
}

bool compatibleWithWave(const VMState& st, const Wave& picked, CoroutineId cid) {
  if (!isRunnable(st, cid)) return false;
  std::optional<std::vector<FootprintAtom>> mine;  // computed only when lanes differ
  for (CoroutineId other : picked) {
    if (laneOf(st.sched, cid) == laneOf(st.sched, other)) return false;
    if (!mine) mine = coroFootprintAtoms(st, cid);
    if (!waveFootprintDisjoint(*mine, coroFootprintAtoms(st, other))) return false;
  }
  return true;
}

std::map<OwnershipKey, LaneId> buildOwnershipIndex(const VMState& st) {
  std::map<OwnershipKey, LaneId> index;
  for (const CoroutineState& c : st.coroutines)
    for (const Endpoint& ep : c.ownedEndpoints) index[{ep.sid, ep.role}] = laneOf(st.sched, c.id);
  return index;
}

void normalizeThreadedState(VMState& st) {
  // (syncLaneViews is implicit: the lane views are always derived.) The rebuild is
  // skipped when neither ownership nor lanes nor the index changed since the last one:
  // it would produce the index already there.
  const std::pair key{st.ownershipVersion, st.sched.laneVersion};
  if (st.sched.indexBuiltAt == key) return;
  st.sched.ownershipIndex = buildOwnershipIndex(st);
  st.sched.indexBuiltAt = key;
}

std::pair<Wave, std::vector<CoroutineId>> planWavePass(const VMState& st, const std::vector<CoroutineId>& remaining) {
  Wave wave;
  std::vector<CoroutineId> deferred;
  for (CoroutineId cid : remaining) (compatibleWithWave(st, wave, cid) ? wave : deferred).push_back(cid);
  return {std::move(wave), std::move(deferred)};
}

std::vector<Wave> planDeterministicWaves(const VMState& st) {
  // Lean plans on the normalised state; normalisation only rebuilds the ownership index,
  // which neither runnability, lanes nor footprints read, so the plan is the same.
  const auto& q = st.sched.readyQueue.ids();
  std::vector<CoroutineId> remaining(q.begin(), q.end());
  std::vector<Wave> waves;
  for (std::size_t round = 0; round < q.size() && !remaining.empty(); ++round) {
    auto [wave, deferred] = planWavePass(st, remaining);
    if (wave.empty()) break;
    waves.push_back(std::move(wave));
    remaining = std::move(deferred);
  }
  return waves;
}

std::vector<Wave> chunkWave(std::uint64_t width, const Wave& wave) {
  std::vector<Wave> chunks;
  if (width == 0) return chunks;
  for (std::size_t i = 0; i < wave.size(); i += width)
    chunks.emplace_back(wave.begin() + static_cast<std::ptrdiff_t>(i),
                        wave.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(i + width, wave.size())));
  return chunks;
}

WaveCertificate plannedWaveCertificate(std::uint64_t n, const VMState& st) {
  WaveCertificate cert;
  for (const Wave& w : planDeterministicWaves(st))
    for (Wave& chunk : chunkWave(n, w)) cert.waves.push_back(std::move(chunk));
  cert.plannerStep = st.sched.stepCount;
  return cert;
}

bool checkWaveAdmissible(const VMState& st, const Wave& wave) {
  for (CoroutineId cid : wave)
    if (!st.sched.readyQueue.contains(cid) || !isRunnable(st, cid)) return false;
  for (std::size_t i = 0; i < wave.size(); ++i) {
    const Wave before(wave.begin(), wave.begin() + static_cast<std::ptrdiff_t>(i));
    if (!compatibleWithWave(st, before, wave[i])) return false;
  }
  return true;
}

bool checkWaveCertificate(const VMState& st, const WaveCertificate& cert) {
  std::set<CoroutineId> seen;
  for (const Wave& w : cert.waves)
    for (CoroutineId cid : w)
      if (!seen.insert(cid).second) return false;  // noDup over the whole plan
  // Every wave against the same pre-round state; plannerStep is not checked.
  return std::all_of(cert.waves.begin(), cert.waves.end(),
                     [&](const Wave& w) { return checkWaveAdmissible(st, w); });
}

void corruptCertificate(WaveCertificate& cert) {
  for (Wave& w : cert.waves) {
    if (!w.empty()) {
      w.push_back(w.front());
      return;
    }
  }
}

}  // namespace tt::oracle
