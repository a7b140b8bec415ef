// Metrics as JSON (ttconf vm / ttconf bench).
#pragma once
#include <boost/json/value.hpp>

#include "tt/vm/vm.hpp"

namespace tt::vm {

boost::json::value metricsToJson(const Metrics& m);

}  // namespace tt::vm
