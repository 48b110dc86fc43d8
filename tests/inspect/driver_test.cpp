// `sigtrace inspect` as a user runs it (through the sigtrace binary, the same
// subcommand and entry point): exit statuses and one line on stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "inspect/inspect_command.h"
#include "test_paths.h"

namespace sigtrace::inspect {
namespace {

struct DriverRun {
  int status = -1;
  std::string out;
  std::string err;
};

DriverRun run_driver(const std::string& arguments) {
  std::string base = testing::TempDir() + "inspect_driver_" + std::to_string(getpid());
  std::string command = "'" + test::driver_path() + "' " + arguments + " >" + base + ".out 2>" +
                        base + ".err </dev/null";
  int raw = std::system(command.c_str());
  DriverRun run;
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.out = test::read_text(base + ".out");
  run.err = test::read_text(base + ".err");
  unlink((base + ".out").c_str());
  unlink((base + ".err").c_str());
  return run;
}

void expect_one_error_line(const DriverRun& run, int status, const std::string& prefix) {
  EXPECT_EQ(run.status, status) << run.err;
  EXPECT_TRUE(run.out.empty());
  EXPECT_EQ(run.err.rfind(prefix, 0), 0u) << run.err;
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;
}

TEST(Driver, InspectsTheBuiltInObject) {
  DriverRun run = run_driver("inspect");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, inspect_output({}));
  EXPECT_TRUE(run.err.empty());
}

TEST(Driver, InspectsAFile) {
  DriverRun run =
      run_driver("inspect --format json --all '" + test::fixture_object("tracking") + "'");
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out, test::read_text(test::expected_path("tracking.all.json")));
}

TEST(Driver, NonBpfElf) {
  expect_one_error_line(run_driver("inspect /bin/ls"), 7, "sigtrace: /bin/ls: not a BPF object");
}

TEST(Driver, Directory) {
  expect_one_error_line(run_driver("inspect /tmp"), 7, "sigtrace: /tmp: is a directory");
}

TEST(Driver, MissingFile) {
  expect_one_error_line(run_driver("inspect /nonexistent.bpf.o"), 7,
                        "sigtrace: /nonexistent.bpf.o: cannot open");
}

TEST(Driver, UnknownFormat) {
  expect_one_error_line(run_driver("inspect --format dot"), 2, "sigtrace: --format");
}

}  // namespace
}  // namespace sigtrace::inspect
