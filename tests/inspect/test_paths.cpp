#include "test_paths.h"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace sigtrace::inspect::test {

std::string source_path(const std::string& relative) {
  return std::string(SIGTRACE_SOURCE_DIR) + "/" + relative;
}

std::string fixture_object(const std::string& name) {
  return std::string(INSPECT_FIXTURE_DIR) + "/" + name + ".bpf.o";
}

std::string expected_path(const std::string& file) {
  return std::string(INSPECT_TEST_DIR) + "/expected/" + file;
}

std::string built_object(const std::string& name) {
  return std::string(SIGTRACE_BPF_DIR) + "/" + name + ".bpf.o";
}

std::string driver_path() {
  return INSPECT_DRIVER;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::string text = read_text(path);
  return std::vector<uint8_t>(text.begin(), text.end());
}

std::vector<std::string> mermaid_blocks(const std::string& markdown) {
  const std::string open = "```mermaid\n";
  const std::string close = "\n```\n";
  std::vector<std::string> blocks;
  size_t at = 0;
  while ((at = markdown.find(open, at)) != std::string::npos) {
    size_t end = markdown.find(close, at);
    if (end == std::string::npos) break;
    blocks.push_back(markdown.substr(at, end + close.size() - at));
    at = end + close.size();
  }
  return blocks;
}

}  // namespace sigtrace::inspect::test
