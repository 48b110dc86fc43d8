// What the analysis must conclude about each fixture, stated directly: the
// expected files say the same, but not why.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "inspect/bpf_insn.h"
#include "inspect/bpf_object.h"
#include "inspect/elf_file.h"
#include "inspect/inspection.h"
#include "inspect/last_loads.h"
#include "inspect/program_layout.h"
#include "inspect/render.h"
#include "test_paths.h"

namespace sigtrace::inspect {
namespace {

Inspection inspect_fixture(const std::string& name) {
  return inspect_object(test::read_bytes(test::fixture_object(name)), name + ".bpf.o");
}

std::vector<Interaction> of_program(const Inspection& inspection, const std::string& program) {
  std::vector<Interaction> found;
  for (const Interaction& i : inspection.interactions) {
    if (i.program == program) found.push_back(i);
  }
  return found;
}

const InspectedProgram& program_named(const Inspection& inspection, const std::string& name) {
  auto found = std::find_if(inspection.programs.begin(), inspection.programs.end(),
                            [&](const InspectedProgram& p) { return p.name == name; });
  EXPECT_NE(found, inspection.programs.end()) << name;
  return *found;
}

using Names = std::vector<std::string>;

TEST(Tracking, FollowsRegisterCopiesAcrossHelperCalls) {
  auto uses = of_program(inspect_fixture("tracking"), "copy_chain");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0].verb, "Lookup");
  EXPECT_EQ(uses[0].map, "counts");  // `ig image inspect` says `other`
}

TEST(Tracking, FollowsStackSpillsThroughACopiedFramePointer) {
  auto uses = of_program(inspect_fixture("tracking"), "spill_fill");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0].verb, "Delete");
  EXPECT_EQ(uses[0].map, "counts");
}

TEST(Tracking, ASlotAHelperWroteOverIsUnknown) {
  auto uses = of_program(inspect_fixture("tracking"), "overwritten_slot");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_FALSE(uses[0].map);
  EXPECT_TRUE(uses[0].candidates.empty());
}

TEST(Tracking, AMapChosenAtRunTimeGivesCandidatesNotAGuess) {
  auto uses = of_program(inspect_fixture("tracking"), "either_map");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_FALSE(uses[0].map);
  EXPECT_EQ(uses[0].candidates, (Names{"counts", "other"}));
  EXPECT_EQ(uses[0].last_loaded, "other");
}

TEST(Tracking, AMapLastLoadedThatIsNoCandidateIsNotTaken) {
  auto uses = of_program(inspect_fixture("tracking"), "unrelated_r1_load");
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses[1].candidates, (Names{"counts", "other"}));
  EXPECT_FALSE(uses[1].last_loaded);  // `ig image inspect` says `ring`
}

// Each program merges its two lookups into one call; the map loaded last in
// instruction order is the second one the source names.
TEST(MergedCall, OneCallHasBothCandidatesAndTheLastLoadedOne) {
  Inspection inspection = inspect_fixture("merged_call");
  for (auto [program, last] :
       {std::pair{"first_if_seven", "second_map"}, std::pair{"second_if_seven", "first_map"}}) {
    auto uses = of_program(inspection, program);
    ASSERT_EQ(uses.size(), 1u) << program;
    EXPECT_FALSE(uses[0].map) << program;
    EXPECT_EQ(uses[0].candidates, (Names{"first_map", "second_map"})) << program;
    EXPECT_EQ(uses[0].last_loaded, last) << program;
  }
}

TEST(MergedCall, MarkdownSaysWhichEdgeIsDrawn) {
  Inspection inspection = inspect_fixture("merged_call");
  EXPECT_NE(render_markdown(inspection, false, "c").find("loaded last before it"),
            std::string::npos);
  EXPECT_NE(render_markdown(inspection, true, "c").find("has an edge to each"), std::string::npos);
  Inspection other = inspect_fixture("shared_maps");
  EXPECT_EQ(render_markdown(other, false, "c").find("several maps"), std::string::npos);
}

// `ig image inspect` walks the program as laid out, sub-programs after it:
// in bump, r1 last got a map in the caller, before the call.
TEST(LastLoads, GoOnFromTheFunctionsLaidOutBefore) {
  BpfObject object = BpfObject::load(test::read_bytes(test::fixture_object("subprograms")));
  auto index_of = [&](const std::string& name) {
    for (uint32_t i = 0; i < object.functions().size(); ++i) {
      if (object.functions()[i].name == name) return i;
    }
    ADD_FAILURE() << name;
    return 0u;
  };
  ProgramLayout layout = layout_program(object, index_of("count_opens"));
  uint32_t bump = index_of("bump");
  std::span<const Insn> code = object.instructions(object.functions()[bump]);
  auto lookup = std::find_if(code.begin(), code.end(), [](const Insn& insn) {
    return is_call(insn) && insn.src == op::kCallHelper && insn.imm == 1;
  });
  ASSERT_NE(lookup, code.end());
  LastLoads loads(object);
  auto map = loads.map_before(layout, bump, static_cast<uint32_t>(lookup - code.begin()), 1);
  ASSERT_TRUE(map);
  EXPECT_EQ(object.maps()[*map].name, "opens");
  EXPECT_FALSE(loads.map_before(layout, index_of("count_opens"), 0, 1));
}

TEST(Tracking, OnlyARingBufferRecordCanBeSubmitted) {
  auto uses = of_program(inspect_fixture("tracking"), "record_by_type");
  ASSERT_EQ(uses.size(), 3u);
  EXPECT_EQ(uses[2].verb, "RingbufSubmit");
  EXPECT_EQ(uses[2].map, "ring");
}

TEST(Tracking, AnInnerMapIsNamedByItsOuterMap) {
  auto uses = of_program(inspect_fixture("tracking"), "inner_lookup");
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses[0].map, "outer");
  EXPECT_FALSE(uses[1].map);
  EXPECT_EQ(uses[1].inner_map_of, (Names{"outer"}));
}

TEST(Subprograms, OneSubprogramActsOnEachMapItsCallersPass) {
  Inspection inspection = inspect_fixture("subprograms");
  auto uses = of_program(inspection, "count_closes");
  std::vector<std::string> seen;
  for (const Interaction& use : uses) {
    seen.push_back(use.function + ":" + use.verb + ":" + use.map.value_or("?"));
  }
  EXPECT_EQ(seen, (Names{"bump:Lookup:closes", "bump:Lookup:totals", "bump:Update:closes",
                         "bump:Update:totals", "forget:Delete:recent"}));
  EXPECT_EQ(uses[0].insn, uses[1].insn);  // one instruction, two maps
  EXPECT_EQ(program_named(inspection, "count_closes").subprograms,
            (Names{"bump", "forget_and_total", "forget"}));
}

TEST(Subprograms, AGlobalFunctionsMapsCountForItsCaller) {
  auto uses = of_program(inspect_fixture("subprograms"), "check_recent");
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0].function, "seen_recently");
  EXPECT_EQ(uses[0].map, "recent");
}

TEST(MapVerbs, CallbacksSeeTheMapTheyIterate) {
  auto uses = of_program(inspect_fixture("map_verbs"), "iterate");
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses[0].verb, "ForEach");
  EXPECT_FALSE(uses[0].reference_verb);
  EXPECT_EQ(uses[1].function, "drop_entry");
  EXPECT_EQ(uses[1].verb, "Delete");
  EXPECT_EQ(uses[1].map, "counts");
}

TEST(MapVerbs, TimersActOnTheMapOfTheirValue) {
  auto uses = of_program(inspect_fixture("map_verbs"), "timer");
  std::vector<std::string> verbs;
  for (const Interaction& use : uses) {
    EXPECT_EQ(use.map, "timers") << use.verb;
    verbs.push_back(use.verb);
  }
  EXPECT_EQ(verbs, (Names{"Lookup", "TimerInit", "TimerSetCallback", "TimerStart", "TimerCancel"}));
}

TEST(SharedMaps, UntouchedMapsAndMaplessProgramsAreStillDrawn) {
  Inspection inspection = inspect_fixture("shared_maps");
  EXPECT_TRUE(of_program(inspection, "no_map_here").empty());
  std::string flowchart = render_flowchart(inspection, false);
  EXPECT_NE(flowchart.find("untouched[(\"untouched\")]\n"), std::string::npos);
  EXPECT_NE(flowchart.find("no_map_here[\"no_map_here\"]\n"), std::string::npos);
  EXPECT_EQ(program_named(inspection, "reader_a").section,
            program_named(inspection, "reader_b").section);
}

TEST(LegacyMaps, DefinitionsComeFromTheMapsSection) {
  Inspection inspection = inspect_fixture("legacy_maps");
  ASSERT_EQ(inspection.maps.size(), 2u);
  const InspectedMap& hash = inspection.maps[1];
  EXPECT_EQ(hash.name, "legacy_hash");
  EXPECT_EQ(hash.type, 1u);
  EXPECT_EQ(hash.key_size, 4u);
  EXPECT_EQ(hash.value_size, 8u);
  EXPECT_EQ(hash.max_entries, 128u);
  EXPECT_EQ(hash.flags, 1u);
}

TEST(NoMaps, DataSectionsAreNotMaps) {
  Inspection inspection = inspect_fixture("no_maps");
  EXPECT_TRUE(inspection.maps.empty());
  EXPECT_TRUE(inspection.interactions.empty());
  EXPECT_EQ(render_flowchart(inspection, true),
            "flowchart LR\ncount_packets[\"count_packets\"]\npass_wanted[\"pass_wanted\"]\n");
}

TEST(NoPrograms, MapsAloneAreDrawn) {
  Inspection inspection = inspect_fixture("no_programs");
  EXPECT_TRUE(inspection.programs.empty());
  EXPECT_EQ(inspection.maps.size(), 2u);
}

// A sub-program that calls itself: the verifier rejects recursion, the
// inspector must neither loop nor crash, and says its analysis is partial.
TEST(Recursion, IsNotFollowedAndMarkedIncomplete) {
  std::vector<uint8_t> bytes = test::read_bytes(test::fixture_object("subprograms"));
  ElfFile elf = ElfFile::parse(bytes);
  const ElfSection* text = elf.find_section(".text");
  ASSERT_NE(text, nullptr);
  std::optional<uint64_t> start;
  for (const ElfSymbol& symbol : elf.symbols()) {
    if (symbol.name == "forget_and_total") start = symbol.value;
  }
  ASSERT_TRUE(start);
  // Its first call (to forget) becomes a call to itself.
  bool patched = false;
  for (uint64_t at = *start; at < text->size && !patched; at += 8) {
    uint8_t* insn = bytes.data() + text->offset + at;
    if (insn[0] != 0x85 || (insn[1] >> 4) != op::kCallPseudo) continue;
    int32_t imm = -static_cast<int32_t>((at - *start) / 8) - 1;
    for (int k = 0; k < 4; ++k)
      insn[4 + k] = static_cast<uint8_t>(static_cast<uint32_t>(imm) >> (8 * k));
    patched = true;
  }
  ASSERT_TRUE(patched);
  Inspection inspection = inspect_object(bytes, "recursive.bpf.o");
  EXPECT_FALSE(program_named(inspection, "count_closes").analysis_complete);
  EXPECT_TRUE(program_named(inspection, "count_opens").analysis_complete);
}

// `ig image inspect` prints a merged Lookup/Update/Delete edge in place of
// another verb that came first on the same map, losing that verb.
TEST(Flowchart, KeepsOtherVerbsBesideAMergedEdge) {
  Inspection inspection;
  inspection.maps.push_back({"m", 1, 4, 4, 1, 0});
  inspection.programs.push_back({"p", "xdp", "xdp", std::nullopt, 10, {}, true});
  for (const char* verb : {"EventOutput", "Lookup", "Delete"}) {
    Interaction interaction;
    interaction.program = "p";
    interaction.verb = verb;
    interaction.reference_verb = true;
    interaction.map = "m";
    inspection.interactions.push_back(interaction);
  }
  EXPECT_EQ(render_flowchart(inspection, false),
            "flowchart LR\nm[(\"m\")]\np -- \"EventOutput\" --> m\np -- \"Lookup+Delete\" --> m\n"
            "p[\"p\"]\n");
}

TEST(Flowchart, TheUnknownNodeAvoidsNamesInUse) {
  Inspection inspection;
  inspection.maps.push_back({"unknown_map", 1, 4, 4, 1, 0});
  inspection.programs.push_back({"p", "xdp", "xdp", std::nullopt, 10, {}, true});
  Interaction interaction;
  interaction.program = "p";
  interaction.verb = "Lookup";
  interaction.reference_verb = true;
  inspection.interactions.push_back(interaction);
  std::string all = render_flowchart(inspection, true);
  EXPECT_NE(all.find("unknown_map_[(\"?\")]\np -- \"Lookup\" --> unknown_map_\n"),
            std::string::npos)
      << all;
  EXPECT_EQ(render_flowchart(inspection, false).find("?"), std::string::npos);
}

}  // namespace
}  // namespace sigtrace::inspect
