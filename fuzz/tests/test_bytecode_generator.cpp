#include <set>

#include <gtest/gtest.h>

#include "random_bytes.hpp"
#include "tt/core/json.hpp"
#include "tt/fuzz/bytecode_generator.hpp"
#include "tt/fuzz/scenario_equal.hpp"

namespace tt::fuzz {
namespace {

using testing::randomInputs;

std::set<Label> typeLabels(const LocalTypeR& t) {
  std::set<Label> out;
  for (const BranchR& b : t.branches) {
    out.insert(b.label.name);
    auto inner = typeLabels(*b.cont);
    out.insert(inner.begin(), inner.end());
  }
  if (t.body) {
    auto inner = typeLabels(*t.body);
    out.insert(inner.begin(), inner.end());
  }
  return out;
}

TEST(BytecodeGenerator, EveryInputGivesAScenarioThatLoadsAndRoundTripsThroughJson) {
  for (const auto& bytes : randomInputs(1500, 400, 5)) {
    const Scenario s = generateBytecodeScenario(bytes);
    const std::string text = json::canonical(json::scenarioToJson(s));
    Scenario back;
    ASSERT_NO_THROW(back = json::loadScenarioText(text)) << text;
    const auto diff = scenarioDifference(s, back);
    EXPECT_FALSE(diff) << "differs at " << *diff << "\n" << text;
  }
}

TEST(BytecodeGenerator, SameBytesGiveTheSameScenario) {
  for (const auto& bytes : randomInputs(300, 300, 9)) {
    EXPECT_TRUE(sameScenario(generateBytecodeScenario(bytes), generateBytecodeScenario(bytes)));
  }
}

TEST(BytecodeGenerator, OperandsStayWithinTheLoadCaps) {
  const Limits caps;
  for (const auto& bytes : randomInputs(800, 400, 13)) {
    const Scenario s = generateBytecodeScenario(bytes);
    for (const ImageSpec& image : s.images) {
      std::size_t length = 0;
      for (const auto& [role, code] : image.programs) length += code.size();
      EXPECT_LE(length, caps.maxProgramLength);
      for (const auto& [role, code] : image.programs) {
        EXPECT_FALSE(code.empty()) << role;
        for (const Instr& i : code) {
          std::visit([&](const auto& op) {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, instr::Send>) { EXPECT_LE(op.chan, caps.maxRegisterIndex); EXPECT_LE(op.val, caps.maxRegisterIndex); }
            if constexpr (std::is_same_v<T, instr::Set>) { EXPECT_LE(op.dst, caps.maxRegisterIndex); EXPECT_LE(valueSize(op.imm), caps.maxValueSize); }
          }, i);
        }
      }
    }
  }
}

// Each instruction and each operand defect of reference B must come out of the generator.
TEST(BytecodeGenerator, ReachesEveryInstructionAndEveryOperandDefect) {
  std::set<std::string> seen;
  for (const auto& bytes : randomInputs(3000, 500, 17)) {
    const Scenario s = generateBytecodeScenario(bytes);
    if (s.config.speculationEnabled) seen.insert("speculation on");
    if (!s.config.speculationEnabled) seen.insert("speculation off");
    if (!s.config.guardChain.active.empty()) seen.insert("active layer");
    for (const ImageSpec& image : s.images) {
      seen.insert("image kind " + std::to_string(static_cast<int>(image.kind)));
      std::size_t length = 0;
      std::set<Label> labels;
      for (const auto& [role, t] : image.localTypes) {
        auto l = typeLabels(*t);
        labels.insert(l.begin(), l.end());
      }
      for (const auto& [role, code] : image.programs) length += code.size();
      for (const auto& [role, code] : image.programs) {
        for (const Instr& i : code) {
          seen.insert(opcodeName(opcodeOf(i)));
          std::visit([&](const auto& op) {
            using T = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<T, instr::Send>) { if (op.chan >= 8) seen.insert("register out of range"); }
            if constexpr (std::is_same_v<T, instr::Jump>) { if (op.target >= length) seen.insert("jump past the end"); }
            if constexpr (std::is_same_v<T, instr::Offer>) { if (!labels.count(op.label)) seen.insert("label not in the type"); }
            if constexpr (std::is_same_v<T, instr::Choose>) {
              std::set<Label> distinct;
              for (const auto& [l, pc] : op.table) distinct.insert(l);
              if (distinct.size() < op.table.size()) seen.insert("duplicate choose labels");
            }
            if constexpr (std::is_same_v<T, instr::Open>) {
              if (op.handlers.size() < op.localTypes.size() * op.localTypes.size()) seen.insert("open missing handler");
              for (const auto& h : op.handlers) if (h.sid) seen.insert("open explicit sid");
              if (op.roles.size() != op.dsts.size()) seen.insert("open monitor arity");
              for (std::size_t k = 0; k < op.dsts.size() && k < op.localTypes.size(); ++k)
                if (op.dsts[k].first != op.localTypes[k].first) seen.insert("open arity mismatch");
            }
            if constexpr (std::is_same_v<T, instr::Set>) {
              if (op.imm.kind == Value::Kind::Nat && op.imm.nat >= 4) seen.insert("large nat (missing coroutine)");
              if (op.imm.kind == Value::Kind::Chan) seen.insert("endpoint immediate");
              if (op.imm.kind == Value::Kind::Prod) seen.insert("knowledge immediate");
            }
          }, i);
        }
      }
    }
  }
  for (std::size_t op = 0; op < kOpcodeCount; ++op)
    EXPECT_TRUE(seen.count(opcodeName(static_cast<Opcode>(op)))) << opcodeName(static_cast<Opcode>(op));
  for (const char* e : {"register out of range", "jump past the end", "label not in the type", "duplicate choose labels",
                        "open missing handler", "open explicit sid", "open monitor arity", "open arity mismatch",
                        "large nat (missing coroutine)", "endpoint immediate", "knowledge immediate", "speculation on",
                        "speculation off", "active layer", "image kind 0", "image kind 1", "image kind 2"})
    EXPECT_TRUE(seen.count(e)) << "never generated: " << e;
}

}  // namespace
}  // namespace tt::fuzz
