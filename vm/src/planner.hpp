// The Lean certified-wave round, planning side (reference C §3.1-3.6): footprints, the
// deterministic wave planner, chunking into the WaveCertificate, and its checker.
//
// The planner and the checker share only the footprint computation (as Lean's share
// coroFootprintAtoms); their admissibility logic is written independently: the planner
// places each coroutine by first fit with per-lane and per-atom wave indexes, the checker
// re-derives every obligation of checkWaveCertificate with generation-stamped sets.
#pragma once
#include <cstdint>
#include <vector>

#include "ids.hpp"
#include "small_vec.hpp"

namespace tt::vm::detail {

class Machine;

// Lean planDeterministicWaves on the pre-round state. Lean runs greedy passes over the
// ready queue (a coroutine joins the current pass's wave when compatible, else waits for
// the next pass); that is the same as placing each runnable coroutine, in queue order,
// in the first wave it is compatible with (docs/vm.md has the argument).
class Planner {
 public:
  void plan(Machine& m);

  std::vector<CoId> picks;               // wave order; queue order inside a wave
  std::vector<std::uint32_t> waveStart;  // wave w = picks[waveStart[w], waveStart[w + 1])
  std::uint64_t conflicts = 0;           // sum over picks of the waves that rejected them

 private:
  bool laneUsed(std::uint32_t lane, std::uint32_t wave) const;
  std::uint64_t round_ = 0;
  std::vector<CoId> order_;
  std::vector<std::uint32_t> waveOf_;
  std::vector<std::uint64_t> laneStamp_;
  std::vector<std::vector<std::uint64_t>> laneBits_;  // waves that hold the lane (bitset)
  std::vector<std::uint32_t> laneFree_;               // first wave without the lane
  std::vector<std::uint64_t> atomStamp_;
  std::vector<SmallVec<std::uint32_t, 2>> atomWaves_;  // waves that hold the atom
};

// Lean WaveCertificate: the planned waves chunked by width n (chunkWave).
struct Certificate {
  std::vector<CoId> ids;
  std::vector<std::uint32_t> waveStart;
  std::size_t waves() const { return waveStart.empty() ? 0 : waveStart.size() - 1; }
};
void buildCertificate(const Planner& p, std::uint64_t width, Certificate& out);
// The test hook (F D14): duplicate the first id, so the certificate fails noDup.
void corruptCertificate(Certificate& c);

// Lean checkWaveCertificate against the pre-round state: no id twice; in every wave each
// member is in the ready queue and runnable, the lanes are pairwise distinct and the
// footprints pairwise disjoint.
class CertificateChecker {
 public:
  bool check(Machine& m, const Certificate& cert);

 private:
  std::uint64_t gen_ = 0;
  std::vector<std::uint64_t> seen_;
  std::vector<std::uint64_t> laneMark_;
  std::vector<std::uint64_t> atomMark_;
};

}  // namespace tt::vm::detail
