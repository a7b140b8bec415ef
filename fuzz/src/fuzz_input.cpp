#include "tt/fuzz/fuzz_input.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "tt/core/error.hpp"
#include "tt/core/json.hpp"
#include "tt/fuzz/bytecode_generator.hpp"
#include "tt/fuzz/protocol_generator.hpp"
#include "tt/fuzz/schedule_generator.hpp"

namespace tt::fuzz {
namespace {

void indent(std::string& out, int depth) {
  out.push_back('\n');
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

// Short arrays of scalars stay on one line (operands, concurrency lists).
bool isFlat(const boost::json::value& v) {
  if (!v.is_array()) return false;
  const auto& a = v.get_array();
  return a.size() <= 8 && std::all_of(a.begin(), a.end(), [](const auto& x) { return !x.is_object() && !x.is_array(); });
}

void pretty(const boost::json::value& v, std::string& out, int depth) {
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) { out += "{}"; return; }
    std::vector<std::string_view> keys;
    for (const auto& kv : o) keys.push_back(kv.key());
    std::sort(keys.begin(), keys.end());
    out.push_back('{');
    for (std::size_t i = 0; i < keys.size(); ++i) {
      indent(out, depth + 1);
      out += boost::json::serialize(boost::json::value(keys[i]));
      out += ": ";
      pretty(o.at(keys[i]), out, depth + 1);
      if (i + 1 < keys.size()) out.push_back(',');
    }
    indent(out, depth);
    out.push_back('}');
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) { out += "[]"; return; }
    if (isFlat(v)) { out += boost::json::serialize(v); return; }
    out.push_back('[');
    for (std::size_t i = 0; i < a.size(); ++i) {
      indent(out, depth + 1);
      pretty(a[i], out, depth + 1);
      if (i + 1 < a.size()) out.push_back(',');
    }
    indent(out, depth);
    out.push_back(']');
  } else {
    out += boost::json::serialize(v);
  }
}

}  // namespace

const char* generatorName(Generator g) {
  switch (g) {
    case Generator::Protocol: return "protocol";
    case Generator::Bytecode: return "bytecode";
    case Generator::Scheduled: return "scheduled";
  }
  return "?";
}

std::optional<Generator> generatorFromName(std::string_view name) {
  for (Generator g : {Generator::Protocol, Generator::Bytecode, Generator::Scheduled})
    if (name == generatorName(g)) return g;
  return std::nullopt;
}

std::optional<Scenario> scenarioFromJsonInput(std::span<const std::uint8_t> bytes) {
  const auto first = std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b != ' ' && b != '\n' && b != '\r' && b != '\t'; });
  if (first == bytes.end() || *first != '{') return std::nullopt;
  try {
    return json::loadScenarioText(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } catch (const InputError&) {
    return std::nullopt;
  }
}

Scenario scenarioFromInput(Generator g, std::span<const std::uint8_t> bytes) {
  if (auto s = scenarioFromJsonInput(bytes)) return std::move(*s);
  switch (g) {
    case Generator::Protocol: return generateProtocolScenario(bytes);
    case Generator::Bytecode: return generateBytecodeScenario(bytes);
    case Generator::Scheduled: return generateScheduledScenario(bytes);
  }
  return generateProtocolScenario(bytes);
}

std::string prettyScenarioJson(const Scenario& s) {
  std::string out;
  pretty(json::scenarioToJson(s), out, 0);
  out.push_back('\n');
  return out;
}

}  // namespace tt::fuzz
