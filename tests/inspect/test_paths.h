// Where the inspect tests find their inputs, and small file helpers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sigtrace::inspect::test {

std::string source_path(const std::string& relative);  // in the repository
std::string fixture_object(const std::string& name);   // built fixture .bpf.o
std::string expected_path(const std::string& file);    // tests/inspect/expected/...
std::string built_object(const std::string& name);     // the build's bpf/<name>.bpf.o
std::string driver_path();                             // the sigtrace binary

std::string read_text(const std::string& path);
std::vector<uint8_t> read_bytes(const std::string& path);

// The ```mermaid ... ``` blocks of a markdown text, each from its opening
// fence through the closing fence's newline.
std::vector<std::string> mermaid_blocks(const std::string& markdown);

}  // namespace sigtrace::inspect::test
