// The threaded extension, executed sequentially as Lean folds it (reference C §3; Lean
// `Runtime/ThreadedRunner.lean`): footprints, the deterministic wave planner, chunking,
// WaveCertificate and its checker, certified execution and the fallback.
#pragma once
#include <optional>
#include <vector>

#include "tt/oracle/sched.hpp"

namespace tt::oracle {

using FootprintAtom = std::pair<SessionId, Role>;
using Wave = std::vector<CoroutineId>;

// --- footprints (C §3.1) -------------------------------------------------------------------
std::vector<Role> roleFootprintSummary(const Program& prog, const Role& role);
std::vector<FootprintAtom> coroFootprintAtoms(const VMState& st, CoroutineId cid);
std::optional<SessionId> coroPrimarySession(const VMState& st, CoroutineId cid);
bool waveFootprintDisjoint(const std::vector<FootprintAtom>& a, const std::vector<FootprintAtom>& b);

// Lean compatibleWithWave with every pair eligible. The primary-session clause is absorbed
// by the footprint clause in Lean ((S or F) and F = F), so it is not tested (F §1.1).
bool compatibleWithWave(const VMState& st, const Wave& picked, CoroutineId cid);

// --- normalisation and planning (C §3.3-3.5) -----------------------------------------------
std::map<OwnershipKey, LaneId> buildOwnershipIndex(const VMState& st);
void normalizeThreadedState(VMState& st);
// One greedy pass: (wave, deferred).
std::pair<Wave, std::vector<CoroutineId>> planWavePass(const VMState& st, const std::vector<CoroutineId>& remaining);
std::vector<Wave> planDeterministicWaves(const VMState& st);
std::vector<Wave> chunkWave(std::uint64_t width, const Wave& wave);

struct WaveCertificate {
  std::vector<Wave> waves;
  std::uint64_t plannerStep = 0;
};
WaveCertificate plannedWaveCertificate(std::uint64_t n, const VMState& st);

// --- checking (C §3.6) -----------------------------------------------------------------------
bool checkWaveAdmissible(const VMState& st, const Wave& wave);
bool checkWaveCertificate(const VMState& st, const WaveCertificate& cert);

// F D14: make a certificate invalid by duplicating its first id (an empty one stays empty).
void corruptCertificate(WaveCertificate& cert);

// --- execution (C §3.7) ----------------------------------------------------------------------
using StepCallback = std::function<void(const VMState&, const StepRecord&)>;
using WaveCallback = std::function<void(const VMState&, const Wave&)>;
struct ThreadedHooks {
  StepCallback afterStep;  // after each executed member's updateAfterStep
  WaveCallback afterWave;  // after each executeWave
};

void executeWave(VMState& st, const Wave& wave, const ThreadedHooks& hooks = {});
void executePlannedWaves(VMState& st, const std::vector<Wave>& waves, const ThreadedHooks& hooks = {});
// Lean schedRoundOne: one canonical step, or nothing.
std::optional<StepRecord> schedRoundOne(VMState& st);
// Lean executeThreadedRoundPlan: execute the certified waves, or fall back to one step.
// Returns whether the certificate was accepted.
bool executeThreadedRoundPlan(VMState& st, const WaveCertificate& cert, const ThreadedHooks& hooks = {});
// Lean executeCertifiedRound; with `corrupt`, the certificate is made invalid first.
bool executeCertifiedRound(std::uint64_t n, VMState& st, bool corrupt, const ThreadedHooks& hooks = {});

}  // namespace tt::oracle
