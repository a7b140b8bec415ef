// The scenario (`ttconf.scenario/1`): decoding with validation and caps checked before any
// work, encoding, and loading from text or a file.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "json_util.hpp"
#include "tt/core/json.hpp"

namespace tt::json {

using namespace detail;

namespace {

// "12 elements exceed the cap 8 (max_roles, config.limits)".
std::string capWhat(const char* limit, const Ctx& ctx) { return std::string(limit) + ", " + ctx.limitsWhere; }

std::vector<Role> rolesFrom(const value& j, const std::string& path, const Ctx& ctx) {
  const array& a = asArrayCapped(j, path, ctx.limits.maxRoles, capWhat("max_roles", ctx));
  if (a.empty()) fail(path, "roles must not be empty (omit \"roles\" to run every role of the global type)");
  std::vector<Role> roles = asStringList(j, path);
  std::set<Role> seen;
  for (std::size_t i = 0; i < roles.size(); ++i)
    if (!seen.insert(roles[i]).second) fail(indexPath(path, i), "duplicate role " + jsonQuote(roles[i]));
  return roles;
}

// A role-keyed object, capped at max_roles; keys are unique (the parser rejects duplicates).
const object& roleMap(const value& j, const std::string& path, const Ctx& ctx) {
  const object& o = asObject(j, path);
  if (o.size() > ctx.limits.maxRoles)
    fail(path, std::to_string(o.size()) + " roles exceed the cap " + std::to_string(ctx.limits.maxRoles) + " (" +
                   capWhat("max_roles", ctx) + ")");
  return o;
}

std::vector<std::pair<Role, LocalTypeRPtr>> localTypesFrom(const value& j, const std::string& path,
                                                           const Ctx& ctx) {
  std::vector<std::pair<Role, LocalTypeRPtr>> out;
  for (const auto& kv : roleMap(j, path, ctx)) {
    Role role(kv.key().data(), kv.key().size());
    const std::string rp = fieldPath(path, role);
    out.emplace_back(std::move(role), localTypeRFromJsonCtx(kv.value(), rp, ctx));
  }
  return out;
}

std::vector<std::pair<Role, Bytecode>> programsFrom(const value& j, const std::string& path, const Ctx& ctx) {
  const object& progs = roleMap(j, path, ctx);
  // Every program's length is known before one instruction is decoded.
  std::uint64_t total = 0;
  for (const auto& kv : progs) {
    const std::string rp = fieldPath(path, std::string_view(kv.key().data(), kv.key().size()));
    total += asArray(kv.value(), rp).size();
    if (total > ctx.limits.maxProgramLength)
      fail(path, "the programs have more than " + std::to_string(ctx.limits.maxProgramLength) +
                     " instructions in all (" + capWhat("max_program_length", ctx) + ")");
  }
  std::vector<std::pair<Role, Bytecode>> out;
  for (const auto& kv : progs) {
    Role role(kv.key().data(), kv.key().size());
    const std::string rp = fieldPath(path, role);
    const array& code = kv.value().get_array();
    Bytecode bc;
    bc.reserve(code.size());
    for (std::size_t i = 0; i < code.size(); ++i) bc.push_back(instrFromJsonCtx(code[i], indexPath(rp, i), ctx));
    out.emplace_back(std::move(role), std::move(bc));
  }
  return out;
}

ImageSpec imageFrom(const value& j, const std::string& path, const Ctx& ctx) {
  ObjectReader r(j, path, ctx.strict);
  r.expectOnly({"global_type", "roles", "local_types", "programs"});
  ImageSpec img;
  if (r.has("global_type")) {
    if (r.has("local_types") || r.has("programs"))
      fail(path, "an image has \"global_type\", or \"local_types\", or \"programs\" with \"local_types\"; not both kinds");
    img.kind = ImageSpec::Kind::GlobalType;
    img.globalType = globalTypeFromJsonCtx(r.required("global_type"), r.path("global_type"), ctx);
    const std::vector<Role> participants = globalRoles(*img.globalType);
    if (const value* rs = r.optional("roles")) {
      img.roles = rolesFrom(*rs, r.path("roles"), ctx);
      for (std::size_t i = 0; i < img.roles.size(); ++i)
        if (std::find(participants.begin(), participants.end(), img.roles[i]) == participants.end())
          fail(indexPath(r.path("roles"), i), "unknown role " + jsonQuote(img.roles[i]) + " (not in the global type)");
    } else {
      if (participants.size() > ctx.limits.maxRoles)
        fail(r.path("global_type"), "the global type has " + std::to_string(participants.size()) +
                                        " roles, more than the cap " + std::to_string(ctx.limits.maxRoles) +
                                        " (" + capWhat("max_roles", ctx) + ")");
      img.roles = participants;
    }
  } else if (r.has("programs")) {
    if (r.has("roles")) fail(r.path("roles"), "\"roles\" belongs to a global_type image only");
    if (!r.has("local_types")) fail(path, "an image with \"programs\" also needs \"local_types\" (one per role)");
    img.kind = ImageSpec::Kind::Programs;
    img.localTypes = localTypesFrom(r.required("local_types"), r.path("local_types"), ctx);
    img.programs = programsFrom(r.required("programs"), r.path("programs"), ctx);
    for (const auto& prog : img.programs) {
      const Role& role = prog.first;
      const bool typed = std::any_of(img.localTypes.begin(), img.localTypes.end(),
                                     [&](const auto& lt) { return lt.first == role; });
      if (!typed) fail(fieldPath(r.path("programs"), role), "role " + jsonQuote(role) + " has a program but no local type");
    }
    for (const auto& typed : img.localTypes) {
      const Role& role = typed.first;
      const bool coded = std::any_of(img.programs.begin(), img.programs.end(),
                                     [&](const auto& p) { return p.first == role; });
      if (!coded) fail(fieldPath(r.path("local_types"), role), "role " + jsonQuote(role) + " has a local type but no program");
    }
  } else if (r.has("local_types")) {
    if (r.has("roles")) fail(r.path("roles"), "\"roles\" belongs to a global_type image only");
    img.kind = ImageSpec::Kind::LocalTypes;
    img.localTypes = localTypesFrom(r.required("local_types"), r.path("local_types"), ctx);
  } else {
    fail(path, "an image needs \"global_type\", \"local_types\" or \"programs\" (with \"local_types\")");
  }
  r.finish();
  return img;
}

value imageToJson(const ImageSpec& img) {
  object o;
  switch (img.kind) {
    case ImageSpec::Kind::GlobalType: {
      o["global_type"] = globalTypeToJson(*img.globalType);
      array roles;
      for (const auto& r : img.roles) roles.push_back(value(r));
      o["roles"] = std::move(roles);
      break;
    }
    case ImageSpec::Kind::Programs:
      o["programs"] = pairsToObject(img.programs, [](const Bytecode& bc) {
        array a;
        for (const auto& i : bc) a.push_back(instrToJson(i));
        return value(std::move(a));
      });
      [[fallthrough]];
    case ImageSpec::Kind::LocalTypes:
      o["local_types"] = pairsToObject(img.localTypes, [](const LocalTypeRPtr& t) { return localTypeRToJson(*t); });
      break;
  }
  return o;
}

TimedFailure timedFailureFrom(const value& j, const std::string& path, const Ctx& ctx) {
  ObjectReader r(j, path, ctx.strict);
  TimedFailure t;
  t.tick = asU64(r.required("tick"), r.path("tick"));
  if (t.tick == 0)
    fail(r.path("tick"), "tick 0 is never reached: faults apply at the start of rounds 1, 2, ...");
  t.failure = failureFromReader(r, ctx);
  r.finish();
  return t;
}

std::vector<std::uint64_t> u64List(const value& j, const std::string& path, std::size_t maxLen,
                                   const std::string& lenCap) {
  const array& a = asArrayCapped(j, path, maxLen, lenCap);
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(asU64(a[i], indexPath(path, i)));
  return out;
}

RunSpec runFrom(const value& j, const std::string& path, const Ctx& ctx) {
  ObjectReader r(j, path, ctx.strict);
  RunSpec run;
  if (const value* v = r.optional("fuel"))
    run.fuel = asU64Capped(*v, r.path("fuel"), ctx.limits.maxFuel, capWhat("max_fuel", ctx));
  if (const value* v = r.optional("concurrency")) {
    const std::string p = r.path("concurrency");
    run.concurrency = u64List(*v, p, ctx.limits.maxConcurrency, capWhat("max_concurrency", ctx));
    if (run.concurrency.empty()) fail(p, "list at least one concurrency");
    for (std::size_t i = 0; i < run.concurrency.size(); ++i) {
      if (run.concurrency[i] == 0) fail(indexPath(p, i), "concurrency 0 is not a run (n must be at least 1)");
      if (run.concurrency[i] > ctx.limits.maxConcurrency)
        fail(indexPath(p, i), std::to_string(run.concurrency[i]) + " exceeds the cap " +
                                  std::to_string(ctx.limits.maxConcurrency) + " (" + capWhat("max_concurrency", ctx) + ")");
    }
  }
  if (const value* v = r.optional("workers")) {
    run.workers = asU64Capped(*v, r.path("workers"), ctx.limits.maxConcurrency, capWhat("max_concurrency", ctx));
    if (run.workers == 0) fail(r.path("workers"), "at least 1 worker is needed");
  }
  if (const value* v = r.optional("invalid_certificate_rounds")) {
    const std::string p = r.path("invalid_certificate_rounds");
    run.invalidCertificateRounds = u64List(*v, p, ctx.limits.maxFaults, capWhat("max_faults", ctx));
    for (std::size_t i = 0; i < run.invalidCertificateRounds.size(); ++i)
      if (run.invalidCertificateRounds[i] == 0)
        fail(indexPath(p, i), "round 0 is never run: rounds are numbered from 1");
  }
  r.finish();
  return run;
}

value runToJson(const RunSpec& run) {
  object o;
  o["fuel"] = run.fuel;
  array c;
  for (auto n : run.concurrency) c.push_back(value(n));
  o["concurrency"] = std::move(c);
  o["workers"] = run.workers;
  array rounds;
  for (auto n : run.invalidCertificateRounds) rounds.push_back(value(n));
  o["invalid_certificate_rounds"] = std::move(rounds);
  return o;
}

}  // namespace

value scenarioToJson(const Scenario& s) {
  object o;
  o["format"] = kScenarioFormat;
  o["name"] = s.name;
  o["description"] = s.description;
  o["config"] = configToJson(s.config);
  array images;
  for (const auto& img : s.images) images.push_back(imageToJson(img));
  o["images"] = std::move(images);
  array faults;
  for (const auto& f : s.faults) faults.push_back(timedFailureToJson(f));
  o["faults"] = std::move(faults);
  o["run"] = runToJson(s.run);
  return o;
}

Scenario scenarioFromJson(const value& j) {
  ObjectReader r(j, "");
  // The format decides how to read the rest, so it is checked first.
  const value* format = r.optional("format");
  if (!format) fail("", "missing field \"format\" (expected \"" + std::string(kScenarioFormat) + "\")");
  const std::string f = asString(*format, "format");
  if (f != kScenarioFormat)
    fail("format", "unsupported format " + jsonQuote(f) + " (expected \"" + std::string(kScenarioFormat) + "\")");
  r.expectOnly({"format", "name", "description", "config", "images", "faults", "run"});

  Scenario s;
  if (const value* v = r.optional("name")) s.name = asString(*v, "name");
  if (const value* v = r.optional("description")) s.description = asString(*v, "description");
  if (const value* v = r.optional("config")) s.config = configFromJson(*v, "config");

  Ctx ctx;
  ctx.limits = s.config.limits;
  ctx.strict = true;
  ctx.requireClosed = true;
  ctx.limitsWhere = "config.limits";

  // Sizes first: nothing is decoded from an oversize list.
  const array& images = asArrayCapped(r.required("images"), "images", ctx.limits.maxImages, capWhat("max_images", ctx));
  const array* faults = nullptr;
  if (const value* v = r.optional("faults"))
    faults = &asArrayCapped(*v, "faults", ctx.limits.maxFaults, capWhat("max_faults", ctx));
  if (const value* v = r.optional("run")) s.run = runFrom(*v, "run", ctx);

  for (std::size_t i = 0; i < images.size(); ++i) s.images.push_back(imageFrom(images[i], indexPath("images", i), ctx));
  if (faults)
    for (std::size_t i = 0; i < faults->size(); ++i)
      s.faults.push_back(timedFailureFrom((*faults)[i], indexPath("faults", i), ctx));
  r.finish();
  return s;
}

Scenario loadScenarioText(std::string_view text) { return scenarioFromJson(parse(text, "scenario")); }

Scenario loadScenarioFile(const std::string& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status))
    throw InputError(file, "cannot read the scenario: no such file");
  if (!std::filesystem::is_regular_file(status))
    throw InputError(file, "cannot read the scenario: not a regular file");
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > kMaxJsonBytes)
    throw InputError(file, "cannot read the scenario: " + std::to_string(size) + " bytes, more than the cap of " +
                               std::to_string(kMaxJsonBytes));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, std::string("cannot read the scenario: ") + std::strerror(errno));
  std::string text;
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(file, std::string("cannot read the scenario: ") + std::strerror(errno));
  return scenarioFromJson(parse(text, file));
}

}  // namespace tt::json
