// The trace_signal object sigtrace ships must draw exactly the seed's
// diagrams, and its developer notes must be the ones this command makes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "inspect/bpf_object.h"
#include "inspect/builtin_object.h"
#include "inspect/inspect_command.h"
#include "test_paths.h"

namespace sigtrace::inspect {
namespace {

using test::mermaid_blocks;
using test::read_text;
using test::source_path;

const char kSeedCopy[] = "gadget/trace_signal/seed/developer-notes.seed.md";
const char kDeveloperNotes[] = "gadget/trace_signal/DEVELOPER.md";
// Where the seed came from (SIGTRACE_SHARED_SEED, set by CMake); absent in
// a fresh clone, hence the copy.
const char kSharedSeed[] = SIGTRACE_SHARED_SEED;

std::vector<std::string> seed_blocks() {
  std::vector<std::string> blocks = mermaid_blocks(read_text(source_path(kSeedCopy)));
  EXPECT_EQ(blocks.size(), 2u);
  return blocks;
}

TEST(TraceSignalSeed, CopyInRepositoryIsExact) {
  if (access(kSharedSeed, R_OK) != 0) GTEST_SKIP() << "no shared seed on this machine";
  EXPECT_EQ(read_text(source_path(kSeedCopy)), read_text(kSharedSeed));
}

TEST(TraceSignalSeed, MermaidOutputIsTheSeedsTwoBlocks) {
  std::vector<std::string> seed = seed_blocks();
  std::string output = inspect_output({});
  EXPECT_EQ(mermaid_blocks(output), seed);
  // Nothing around the blocks but the blank line between them.
  EXPECT_EQ(output, seed[0] + "\n" + seed[1]);
}

TEST(TraceSignalSeed, ObjectFileOnDiskDrawsTheSameAsTheBuiltInOne) {
  InspectCommand command;
  command.file = test::built_object("trace_signal");
  EXPECT_EQ(inspect_output(command), inspect_output({}));
}

TEST(TraceSignalDeveloperNotes, AreCurrent) {
  InspectCommand command;
  command.format = "markdown";
  EXPECT_EQ(read_text(source_path(kDeveloperNotes)), inspect_output(command))
      << kDeveloperNotes << " is stale; regenerate it: ninja update_developer_notes";
}

TEST(TraceSignalDeveloperNotes, DrawTheSeedsDiagrams) {
  EXPECT_EQ(mermaid_blocks(read_text(source_path(kDeveloperNotes))), seed_blocks());
}

TEST(TraceSignalDeveloperNotes, KeepTheSeedsStructure) {
  std::string notes = read_text(source_path(kDeveloperNotes));
  std::string seed = read_text(source_path(kSeedCopy));
  for (const char* heading :
       {"# Developer Notes\n", "\n## Program-Map interactions\n", "\n### Flowchart\n\n```mermaid\n",
        "\n### Sequence Diagram\n\n```mermaid\n"}) {
    EXPECT_NE(seed.find(heading), std::string::npos) << heading;
    EXPECT_NE(notes.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(notes.find("`sigtrace inspect --format markdown`"), std::string::npos);
}

TEST(TraceSignalJson, DescribesTheSeedsProgramsAndMaps) {
  InspectCommand command;
  command.format = "json";
  auto json = nlohmann::json::parse(inspect_output(command));
  EXPECT_EQ(json["object"], "trace_signal.bpf.o");
  std::vector<std::string> programs;
  for (const auto& program : json["programs"]) {
    programs.push_back(program["name"]);
    // signal_generate BTF-typed, the syscalls classic tracepoints.
    std::string type = program["name"] == "ig_sig_generate" ? "tp_btf" : "tracepoint";
    EXPECT_EQ(program["attach_type"], type);
    EXPECT_EQ(type + "/" + program["attach_target"].get<std::string>(), program["section"]);
    EXPECT_GT(program["instructions"].get<int>(), 0);
    EXPECT_TRUE(program["analysis_complete"].get<bool>());
  }
  EXPECT_EQ(programs, (std::vector<std::string>{"ig_sig_generate", "ig_sig_kill_e", "ig_sig_kill_x",
                                                "ig_sig_tgkill_e", "ig_sig_tgkill_x",
                                                "ig_sig_tkill_e", "ig_sig_tkill_x"}));
  std::vector<std::string> maps;
  for (const auto& map : json["maps"])
    maps.push_back(map["name"]);
  EXPECT_EQ(maps, (std::vector<std::string>{"events", "gadget_heap", "gadget_mntns_filter_map",
                                            "values"}));
  EXPECT_EQ(json["maps"][3]["type"], "hash");
  EXPECT_EQ(json["maps"][3]["key_size"], 4);
  EXPECT_EQ(json["maps"][3]["max_entries"], 10240);
}

// Every interaction names an instruction that really is a helper call.
TEST(TraceSignalJson, InstructionIndicesPointAtHelperCalls) {
  InspectCommand command;
  command.format = "json";
  command.all = true;
  auto json = nlohmann::json::parse(inspect_output(command));
  BpfObject object = BpfObject::load(builtin_object_bytes());
  ASSERT_FALSE(json["interactions"].empty());
  for (const auto& interaction : json["interactions"]) {
    EXPECT_TRUE(interaction["resolved"].get<bool>()) << interaction;
    const Function* program = nullptr;
    for (const Function& f : object.functions()) {
      if (f.name == interaction["program"]) program = &f;
    }
    ASSERT_NE(program, nullptr);
    uint32_t insn = interaction["insn"];
    ASSERT_LT(insn, program->count);
    EXPECT_EQ(object.instructions(*program)[insn].code, 0x85) << interaction;
  }
}

TEST(TraceSignalAll, AddsTheRingBufferPathWithoutUnknownMaps) {
  InspectCommand command;
  command.all = true;
  std::string output = inspect_output(command);
  EXPECT_EQ(output.find("?"), std::string::npos);
  for (const char* program :
       {"ig_sig_generate", "ig_sig_kill_x", "ig_sig_tkill_x", "ig_sig_tgkill_x"}) {
    for (const char* verb : {"RingbufReserve", "RingbufSubmit", "EventOutput"}) {
      std::string edge = std::string(program) + " -- \"" + verb + "\" --> events\n";
      EXPECT_NE(output.find(edge), std::string::npos) << edge;
    }
  }
}

}  // namespace
}  // namespace sigtrace::inspect
