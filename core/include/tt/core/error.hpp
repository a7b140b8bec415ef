// Errors for bad input: what is wrong and where (a JSON path such as
// `images[0].programs.A[3]`).
#pragma once
#include <stdexcept>
#include <string>

namespace tt {

class InputError : public std::runtime_error {
 public:
  InputError(std::string path, std::string what)
      : std::runtime_error(path.empty() ? what : path + ": " + what),
        path_(std::move(path)), message_(std::move(what)) {}
  const std::string& path() const { return path_; }
  const std::string& message() const { return message_; }

 private:
  std::string path_;
  std::string message_;
};

}  // namespace tt
