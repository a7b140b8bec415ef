// Boost.JSON codecs for every core type (docs/formats.md). Every decoder takes the JSON
// path of its input and throws tt::InputError naming the path and what is wrong.
#pragma once
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "tt/core/config.hpp"
#include "tt/core/error.hpp"
#include "tt/core/event.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/instr.hpp"
#include "tt/core/scenario.hpp"
#include "tt/core/session_types.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/core/status.hpp"
#include "tt/core/value.hpp"

namespace tt::json {

using boost::json::value;

// Parse text into JSON (bounded depth); throws InputError("", "invalid JSON: ...").
value parse(std::string_view text, std::string_view what = "input");
// Canonical text: object keys sorted ascending, compact. Used for hashes.
std::string canonical(const value& v);

// --- values and types ----------------------------------------------------------------
// Runner/Lean `kind` form: {"kind":"nat","value":5}, {"kind":"chan","session":0,"role":"A"}.
value valueToJson(const Value& v);
Value valueFromJson(const value& j, const std::string& path);
// Upstream serde form used by `Set` immediates: "Unit", {"Nat":5}, {"Bool":true},
// {"Str":"x"}, {"Prod":[V,V]}, {"Endpoint":{"sid":0,"role":"A"}}.
value immToJson(const Value& v);
Value immFromJson(const value& j, const std::string& path);
// ValType: "unit"|"bool"|"nat"|"string"|{"prod":[T,T]}|{"chan":{"sid":n,"role":r}}.
value valTypeToJson(const ValType& t);
ValType valTypeFromJson(const value& j, const std::string& path);
value endpointToJson(const Endpoint& e);
Endpoint endpointFromJson(const value& j, const std::string& path);
value edgeToJson(const Edge& e);
Edge edgeFromJson(const value& j, const std::string& path);

// Bridge `kind` encoding (reference A §11.2) plus the optional branch "type" (F D8).
value payloadSortToJson(const PayloadSort& s);
PayloadSort payloadSortFromJson(const value& j, const std::string& path);
value globalTypeToJson(const GlobalType& g);
GlobalTypePtr globalTypeFromJson(const value& j, const std::string& path);
value localTypeRToJson(const LocalTypeR& t);
LocalTypeRPtr localTypeRFromJson(const value& j, const std::string& path);
// De Bruijn LocalType (for `open` operands):
// {"kind":"send","partner":P,"type":T,"cont":L}, recv alike,
// {"kind":"select"|"branch","partner":P,"arms":[{"label":l,"cont":L}]},
// {"kind":"end"}, {"kind":"var","index":n}, {"kind":"mu","body":L}.
value localTypeToJson(const LocalType& t);
LocalTypePtr localTypeFromJson(const value& j, const std::string& path);

// --- instructions (upstream externally tagged form, extended per F D8) ----------------
value instrToJson(const Instr& i);
Instr instrFromJson(const value& j, const std::string& path);

// --- config, scenario ------------------------------------------------------------------
value configToJson(const VMConfig& c);
VMConfig configFromJson(const value& j, const std::string& path);
value failureToJson(const Failure& f);
Failure failureFromJson(const value& j, const std::string& path);
value scenarioToJson(const Scenario& s);
// Validates shape, caps and well-formedness (bound variables, duplicate roles, ...).
Scenario scenarioFromJson(const value& j);
Scenario loadScenarioText(std::string_view text);
Scenario loadScenarioFile(const std::string& file);

// --- results ---------------------------------------------------------------------------
value faultToJson(const Fault& f);
Fault faultFromJson(const value& j, const std::string& path);
value blockReasonToJson(const BlockReason& r);
BlockReason blockReasonFromJson(const value& j, const std::string& path);
value coroStatusToJson(const CoroStatus& s);
CoroStatus coroStatusFromJson(const value& j, const std::string& path);
// Full-field event (F D12): {"kind":"sent","edge":{...},"value":...,"seq_no":0}, ...
value obsEventToJson(const ObsEvent& e);
ObsEvent obsEventFromJson(const value& j, const std::string& path);
value tickedEventToJson(const TickedObsEvent& e);
TickedObsEvent tickedEventFromJson(const value& j, const std::string& path);
value traceToJson(const Trace& t);
Trace traceFromJson(const value& j, const std::string& path);
value snapshotToJson(const Snapshot& s);
Snapshot snapshotFromJson(const value& j, const std::string& path);
value runResultToJson(const RunResult& r);
RunResult runResultFromJson(const value& j, const std::string& path);

}  // namespace tt::json
