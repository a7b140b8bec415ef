// Test helpers for the JSON codecs: parse a literal, check a round trip, and check that a
// decoder fails with exactly a given path and message.
#pragma once
#include <gtest/gtest.h>

#include <string>

#include "tt/core/error.hpp"
#include "tt/core/json.hpp"

namespace tt::test {

inline boost::json::value js(std::string_view text) { return json::parse(text, "test"); }

// Runs f() and checks that it throws InputError with this path and message.
template <class F>
::testing::AssertionResult failsWith(F f, const std::string& path, const std::string& message) {
  try {
    f();
  } catch (const InputError& e) {
    if (e.path() == path && e.message() == message) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got path [" << e.path() << "] message [" << e.message()
                                         << "], want path [" << path << "] message [" << message << "]";
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw a non-InputError: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw";
}

}  // namespace tt::test
