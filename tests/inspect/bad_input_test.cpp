// Files that are not (whole, sane) BPF objects: one clear error, kBadObject,
// never a crash or a hang.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "inspect/inspect_command.h"
#include "inspect/inspection.h"
#include "inspect/object_file.h"
#include "inspect/render.h"
#include "test_paths.h"

namespace sigtrace::inspect {
namespace {

// Runs `action`, which must fail with kBadObject and a one-line message
// containing `expected`; returns the message.
std::string expect_bad_object(const std::function<void()>& action, const std::string& expected) {
  try {
    action();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ExitStatus::kBadObject) << e.what();
    std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << "no error; expected one containing: " << expected;
  return {};
}

void inspect_bytes(std::vector<uint8_t> bytes) {
  Inspection inspection = inspect_object(std::move(bytes), "input.bpf.o");
  for (Format format : {Format::kMermaid, Format::kMarkdown, Format::kJson}) {
    for (bool all : {false, true})
      render(inspection, {format, all, "sigtrace inspect"});
  }
}

// Either a clean inspection or a kBadObject error: anything else fails.
void expect_inspected_or_rejected(std::vector<uint8_t> bytes, const std::string& what) {
  try {
    inspect_bytes(std::move(bytes));
  } catch (const Error& e) {
    ASSERT_EQ(e.status(), ExitStatus::kBadObject) << what << ": " << e.what();
    ASSERT_EQ(std::string(e.what()).find('\n'), std::string::npos) << what;
  }
}

TEST(BadInput, EmptyFile) {
  expect_bad_object([] { inspect_bytes({}); }, "not an ELF file");
}

TEST(BadInput, NotAnElfFile) {
  std::string text = "#!/bin/sh\necho this is no object\n";
  expect_bad_object([&] { inspect_bytes({text.begin(), text.end()}); }, "not an ELF file");
}

TEST(BadInput, ElfForAnotherMachine) {
  expect_bad_object([] { inspect_bytes(test::read_bytes("/bin/ls")); }, "not a BPF object");
}

TEST(BadInput, ThirtyTwoBitElf) {
  std::vector<uint8_t> bytes(64, 0);
  bytes[0] = 0x7f, bytes[1] = 'E', bytes[2] = 'L', bytes[3] = 'F', bytes[4] = 1, bytes[5] = 1;
  expect_bad_object([&] { inspect_bytes(bytes); }, "32-bit ELF");
}

TEST(BadInput, EveryTruncationOfARealObjectIsRejected) {
  std::vector<uint8_t> whole = test::read_bytes(test::built_object("trace_signal"));
  ASSERT_GT(whole.size(), 1000u);
  std::vector<size_t> lengths = {1, 4, 16, 63, 64, 65, whole.size() - 1};
  for (size_t length = 0; length < whole.size(); length += whole.size() / 300) {
    lengths.push_back(length);
  }
  for (size_t length : lengths) {
    SCOPED_TRACE("truncated to " + std::to_string(length));
    std::vector<uint8_t> part(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(length));
    expect_bad_object([&] { inspect_bytes(part); }, "");
  }
}

// Random damage to real objects: whatever the reader makes of it, it must
// end in an inspection or in one kBadObject line (run under the sanitizers
// with -DSIGTRACE_SANITIZE=ON).
TEST(BadInput, CorruptedObjectsAreInspectedOrRejected) {
  std::mt19937 random(20240611);
  std::vector<std::vector<uint8_t>> objects = {
      test::read_bytes(test::built_object("trace_signal")),
      test::read_bytes(test::fixture_object("subprograms")),
      test::read_bytes(test::fixture_object("tracking")),
      test::read_bytes(test::fixture_object("map_verbs")),
      test::read_bytes(test::fixture_object("legacy_maps")),
  };
  for (int round = 0; round < 1500; ++round) {
    std::vector<uint8_t> bytes = objects[round % objects.size()];
    int damage = 1 + static_cast<int>(random() % 8);
    for (int k = 0; k < damage; ++k) {
      size_t at = random() % bytes.size();
      switch (random() % 3) {
        case 0: bytes[at] ^= static_cast<uint8_t>(1u << (random() % 8)); break;
        case 1: bytes[at] = static_cast<uint8_t>(random()); break;
        default: bytes[at] = 0xff; break;
      }
    }
    expect_inspected_or_rejected(std::move(bytes), "round " + std::to_string(round));
  }
}

TEST(BadPath, Directory) {
  expect_bad_object([] { read_object_file("/tmp"); }, "is a directory");
}

TEST(BadPath, Missing) {
  expect_bad_object([] { read_object_file("/nonexistent/trace_signal.bpf.o"); },
                    "cannot open: No such file or directory");
}

TEST(BadPath, CharacterDevice) {
  expect_bad_object([] { read_object_file("/dev/null"); }, "not a regular file");
}

TEST(BadPath, FifoIsRefusedWithoutWaitingForAWriter) {
  std::string path = testing::TempDir() + "inspect_fifo_" + std::to_string(getpid());
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  expect_bad_object([&] { read_object_file(path); }, "not a regular file");
  unlink(path.c_str());
}

// A name is printed into diagrams and terminals: one holding an escape
// sequence is refused, not drawn.
TEST(BadInput, NamesThatAreNoIdentifiersAreRefused) {
  std::vector<uint8_t> bytes = test::read_bytes(test::fixture_object("map_verbs"));
  // The name as a whole string, in the symbol table and in BTF alike.
  const std::string name = std::string(1, '\0') + "counts" + std::string(1, '\0');
  int renamed = 0;
  for (auto at = bytes.begin();
       (at = std::search(at, bytes.end(), name.begin(), name.end())) != bytes.end(); ++at) {
    at[1] = 0x1b;
    ++renamed;
  }
  ASSERT_GE(renamed, 2);
  expect_bad_object([&] { inspect_bytes(bytes); }, "is no C identifier");
}

// Root reads files whatever their mode, so the reading happens in a child
// that gave up root first.
TEST(BadPath, Unreadable) {
  std::string path = testing::TempDir() + "inspect_unreadable_" + std::to_string(getpid());
  FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fclose(file);
  chmod(path.c_str(), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (geteuid() == 0 &&
        (setresgid(65534, 65534, 65534) != 0 || setresuid(65534, 65534, 65534) != 0)) {
      _exit(3);
    }
    try {
      read_object_file(path);
    } catch (const Error& e) {
      bool expected =
          e.status() == ExitStatus::kBadObject &&
          std::string(e.what()).find("cannot open: Permission denied") != std::string::npos;
      _exit(expected ? 0 : 2);
    }
    _exit(1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  unlink(path.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: read it anyway, 2: another error, 3: setresuid failed";
}

// A path even root cannot open: a regular file used as a directory.
TEST(BadPath, ThroughAFile) {
  expect_bad_object([] { read_object_file("/bin/ls/trace_signal.bpf.o"); },
                    "cannot open: Not a directory");
}

TEST(BadPath, ErrorsNameTheFile) {
  InspectCommand command;
  command.file = "/bin/ls";
  std::string message = expect_bad_object([&] { inspect_output(command); }, "not a BPF object");
  EXPECT_EQ(message.rfind("/bin/ls: ", 0), 0u) << message;
}

TEST(BadFormat, IsAUsageError) {
  InspectCommand command;
  command.format = "dot";
  try {
    inspect_output(command);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), ExitStatus::kUsage);
  }
}

}  // namespace
}  // namespace sigtrace::inspect
