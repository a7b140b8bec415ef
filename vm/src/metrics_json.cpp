#include "tt/vm/metrics_json.hpp"

#include <boost/json/object.hpp>

namespace tt::vm {

boost::json::value metricsToJson(const Metrics& m) {
  boost::json::object o;
  o["steps"] = m.steps;
  o["rounds"] = m.rounds;
  o["certified_rounds"] = m.certifiedRounds;
  o["waves"] = m.waves;
  o["mean_wave_width"] = m.meanWaveWidth;
  o["max_wave_width"] = m.maxWaveWidth;
  o["planner_conflicts"] = m.plannerConflicts;
  o["fallbacks"] = m.fallbacks;
  o["segments"] = m.segments;
  o["batched_rounds"] = m.batchedRounds;
  o["serialized_steps"] = m.serializedSteps;
  o["workers"] = m.workers;
  o["worker_utilisation"] = m.workerUtilisation;
  o["seconds"] = m.seconds;
  return o;
}

}  // namespace tt::vm
