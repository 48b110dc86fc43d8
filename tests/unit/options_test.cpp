// The command line: what each flag turns into, and every way to get it wrong.
#include "cli/trace_flags.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "common/error.h"

namespace sigtrace {
namespace {

ParsedCommandLine parse(std::initializer_list<const char*> args) {
  std::vector<std::string> storage = {"sigtrace"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : storage)
    argv.push_back(arg.data());
  return parse_command_line(static_cast<int>(argv.size()), argv.data());
}

TraceOptions trace(std::initializer_list<const char*> args) {
  auto parsed = parse(args);
  EXPECT_TRUE(parsed.trace.has_value());
  return parsed.trace.value_or(TraceOptions{});
}

std::string usage_error(std::initializer_list<const char*> args) {
  try {
    parse(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Options, Defaults) {
  TraceOptions command = trace({});
  EXPECT_EQ(command.tracer.mode, Mode::kGenerate);
  EXPECT_EQ(command.tracer.transport, Transport::kAuto);
  EXPECT_EQ(command.output.format, OutputFormat::kColumns);
  EXPECT_FALSE(command.output.fields);
  EXPECT_FALSE(command.output.timestamp);
  EXPECT_TRUE(command.containers.names.empty());
  EXPECT_FALSE(command.containers.host_only);
  EXPECT_FALSE(command.count);
  EXPECT_FALSE(command.timeout);
  EXPECT_FALSE(command.tracer.filter.signals);
  EXPECT_EQ(command.tracer.buffer_bytes, size_t{16} << 20);
}

TEST(Options, EveryFilter) {
  TraceOptions command =
      trace({"-k", "-p", "10", "--tid", "11", "-u", "root", "-g", "0", "--comm", "nginx", "-T",
             "-42", "-s", "TERM,KILL", "-x", "--mntns", "4026531841,4026532000"});
  const KernelFilter& f = command.tracer.filter;
  EXPECT_EQ(command.tracer.mode, Mode::kKillOnly);
  EXPECT_EQ(f.pid, 10u);
  EXPECT_EQ(f.tid, 11u);
  EXPECT_EQ(f.uid, 0u);
  EXPECT_EQ(f.gid, 0u);
  EXPECT_EQ(f.comm, "nginx");
  EXPECT_EQ(f.tpid, -42);
  ASSERT_TRUE(f.signals);
  EXPECT_TRUE(f.signals->contains(SIGTERM));
  EXPECT_TRUE(f.signals->contains(SIGKILL));
  EXPECT_FALSE(f.signals->contains(SIGINT));
  EXPECT_TRUE(f.failed_only);
  EXPECT_EQ(command.containers.mntns_ids, (std::vector<uint64_t>{4026531841, 4026532000}));
}

TEST(Options, NumericUidAndLongNames) {
  TraceOptions command = trace({"--uid", "1000", "--gid", "1000", "--tpid", "7", "--signal",
                                "usr1,usr2", "--exclude-signal", "USR2", "--kill-only"});
  EXPECT_EQ(command.tracer.filter.uid, 1000u);
  EXPECT_EQ(command.tracer.filter.gid, 1000u);
  EXPECT_EQ(command.tracer.filter.tpid, 7);
  ASSERT_TRUE(command.tracer.filter.signals);
  EXPECT_TRUE(command.tracer.filter.signals->contains(SIGUSR1));
  EXPECT_FALSE(command.tracer.filter.signals->contains(SIGUSR2));
}

TEST(Options, OutputAndLimits) {
  TraceOptions command = trace(
      {"-o", "json", "--count", "5", "--timeout", "1.5", "--perf-buffer", "--buffer-size", "32"});
  EXPECT_EQ(command.output.format, OutputFormat::kJson);
  EXPECT_EQ(command.count, 5u);
  EXPECT_EQ(command.timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(command.tracer.transport, Transport::kPerfBuffer);
  EXPECT_EQ(command.tracer.buffer_bytes, size_t{32} << 20);
  EXPECT_EQ(trace({"-o", "jsonpretty"}).output.format, OutputFormat::kJsonPretty);
}

TEST(Options, FieldsAndTimestamp) {
  EXPECT_EQ(trace({"--fields", "sig,comm"}).output.fields,
            (std::vector<Field>{Field::kSig, Field::kComm}));
  EXPECT_TRUE(trace({"-t"}).output.timestamp);
  EXPECT_FALSE(trace({"-k"}).output.fields);
}

TEST(Options, NegativeTargetsWithKillOnly) {
  EXPECT_EQ(trace({"-k", "--tpid=-1234"}).tracer.filter.tpid, -1234);
  EXPECT_EQ(trace({"-k", "-T", "0"}).tracer.filter.tpid, 0);
}

TEST(Options, Containers) {
  TraceOptions command = trace({"-c", "web,db", "--tcontainername", "cache"});
  EXPECT_EQ(command.containers.names, (std::vector<std::string>{"web", "db"}));
  EXPECT_EQ(command.containers.target_names, (std::vector<std::string>{"cache"}));
  EXPECT_TRUE(trace({"--host"}).containers.host_only);
  EXPECT_EQ(trace({"--containername", "x"}).containers.names, (std::vector<std::string>{"x"}));
  EXPECT_FALSE(trace({}).containers.hide_containers);
  EXPECT_TRUE(trace({"--no-containers"}).containers.hide_containers);
}

TEST(Options, Pods) {
  TraceOptions command = trace({"--k8s-namespace", "shop,billing", "--k8s-podname", "web-0",
                                "--tk8s-namespace", "kube-system", "--tk8s-podname", "db-0"});
  const ContainerChoice& c = command.containers;
  EXPECT_EQ(c.pods.namespaces, (std::vector<std::string>{"shop", "billing"}));
  EXPECT_EQ(c.pods.pods, (std::vector<std::string>{"web-0"}));
  EXPECT_EQ(c.target_pods.namespaces, (std::vector<std::string>{"kube-system"}));
  EXPECT_EQ(c.target_pods.pods, (std::vector<std::string>{"db-0"}));
  EXPECT_TRUE(ContainerSelection(c).chooses_containers());
  EXPECT_EQ(ContainerSelection(c).kernel_mode(), SIGTRACE_MNTNS_EXCEPT);
  // -c and the pod filters narrow each other.
  EXPECT_EQ(trace({"-c", "app", "--k8s-namespace", "shop"}).containers.names,
            (std::vector<std::string>{"app"}));
  EXPECT_EQ(ContainerSelection(trace({"--tk8s-podname", "x"}).containers).kernel_mode(),
            SIGTRACE_MNTNS_ALL);
}

TEST(Options, Mistakes) {
  EXPECT_NE(usage_error({"-s", "FOO"}).find("unknown signal 'FOO'"), std::string::npos);
  EXPECT_NE(usage_error({"-s", "0"}).find("-k"), std::string::npos);
  EXPECT_NE(usage_error({"-k", "-s", "USR1", "-e", "USR1"}).find("every signal"),
            std::string::npos);
  EXPECT_NE(usage_error({"-o", "xml"}).find("unknown format"), std::string::npos);
  EXPECT_NE(usage_error({"-o", "json", "--fields", "comm"}).find("--fields"), std::string::npos);
  EXPECT_NE(usage_error({"-o", "json", "-t"}).find("--timestamp"), std::string::npos);
  EXPECT_NE(usage_error({"--fields", "bogus"}).find("unknown field"), std::string::npos);
  EXPECT_NE(usage_error({"-k", "--fields", "result"}).find("without -k"), std::string::npos);
  EXPECT_NE(usage_error({"--count", "0"}).find("--count"), std::string::npos);
  EXPECT_NE(usage_error({"--timeout", "-1"}).find("--timeout"), std::string::npos);
  EXPECT_NE(usage_error({"--timeout", "0"}).find("--timeout"), std::string::npos);
  EXPECT_NE(usage_error({"--comm", "a-very-long-process-name"}).find("15"), std::string::npos);
  EXPECT_NE(usage_error({"-u", "no-such-user-here"}).find("unknown user"), std::string::npos);
  EXPECT_NE(usage_error({"-g", "no-such-group-here"}).find("unknown group"), std::string::npos);
  EXPECT_NE(usage_error({"--mntns", "abc"}).find("--mntns"), std::string::npos);
  EXPECT_NE(usage_error({"--buffer-size", "0"}).find("--buffer-size"), std::string::npos);
  EXPECT_NE(usage_error({"--host", "-c", "web"}).find("--host"), std::string::npos);
  EXPECT_NE(usage_error({"-c", "web", "--mntns", "5"}).find("use one"), std::string::npos);
  EXPECT_NE(usage_error({"--tpid=-5"}).find("-k"), std::string::npos);
  EXPECT_NE(usage_error({"-T", "0"}).find("-k"), std::string::npos);
  EXPECT_NE(usage_error({"--host", "--mntns", "5"}).find("--host"), std::string::npos);
  EXPECT_NE(usage_error({"-c", "web,"}).find("empty container name"), std::string::npos);
  EXPECT_NE(usage_error({"--host", "--k8s-namespace", "shop"}).find("--host"), std::string::npos);
  EXPECT_NE(usage_error({"--k8s-podname", "web-0", "--mntns", "5"}).find("use one"),
            std::string::npos);
  EXPECT_NE(usage_error({"--tk8s-namespace", ","}).find("empty namespace"), std::string::npos);
  EXPECT_NE(usage_error({"--k8s-podname", ""}).find("empty pod name"), std::string::npos);
  EXPECT_NE(usage_error({"--no-containers", "--fields", "comm,k8s.pod"}).find("--no-containers"),
            std::string::npos);
  EXPECT_NE(usage_error({"-p", "abc"}), "(no error)");
  EXPECT_NE(usage_error({"--no-such-flag"}), "(no error)");
  EXPECT_NE(usage_error({"extra-argument"}), "(no error)");
}

// An empty, negative or overflowing number is an error, never "no limit"
// or "no filter" (a script's unset variable must not trace everything).
TEST(Options, NumbersAreWholeAndInRange) {
  auto names = [](const std::string& error, const char* flag) {
    return error.find(flag) != std::string::npos;
  };
  for (const char* flag : {"--pid", "--tid", "--tpid", "--count", "--timeout", "--buffer-size"}) {
    EXPECT_TRUE(names(usage_error({flag, ""}), flag)) << flag;
    EXPECT_TRUE(names(usage_error({flag, "12x"}), flag)) << flag;
    EXPECT_TRUE(names(usage_error({flag, "99999999999999999999999"}), flag)) << flag;
  }
  EXPECT_TRUE(names(usage_error({"--count", "-1"}), "1 or more"));
  EXPECT_TRUE(names(usage_error({"--count", "18446744073709551616"}), "--count"));
  EXPECT_TRUE(names(usage_error({"--pid", "-1"}), "--pid"));
  EXPECT_TRUE(names(usage_error({"--pid", "2147483648"}), "0 to 2147483647"));
  EXPECT_TRUE(names(usage_error({"--timeout", "1e308"}), "10000000"));
  EXPECT_TRUE(names(usage_error({"--timeout", "0.0001"}), "0.001"));
  EXPECT_TRUE(names(usage_error({"-u", "4294967295"}), "no id"));
  EXPECT_TRUE(names(usage_error({"--buffer-size", "2048"}), "1 to 1024"));

  EXPECT_EQ(trace({"--count", "3"}).count, 3u);
  EXPECT_EQ(trace({"--timeout", "1.5"}).timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(trace({"-p", "0"}).tracer.filter.pid, 0u);
  EXPECT_EQ(trace({"-k", "--tpid=-42"}).tracer.filter.tpid, -42);
  EXPECT_EQ(trace({"--buffer-size", "16"}).tracer.buffer_bytes, size_t{16} << 20);
}

// Counting: --summary and top share every flag of tracing; --fields is
// their key.
TEST(Options, SummaryTopAndMetrics) {
  TraceOptions summary = trace({"--summary", "-s", "USR1", "--fields", "comm,sig"});
  EXPECT_EQ(summary.output.presentation, Presentation::kSummary);
  EXPECT_EQ(summary.output.fields, (std::vector<Field>{Field::kComm, Field::kSig}));
  EXPECT_TRUE(summary.tracer.filter.signals);

  TraceOptions top = trace({"-k", "top", "-d", "0.5", "-T", "42", "--comm", "x"});
  EXPECT_EQ(top.output.presentation, Presentation::kTop);
  EXPECT_EQ(top.output.top_interval, std::chrono::milliseconds(500));
  EXPECT_EQ(top.tracer.mode, Mode::kKillOnly);
  EXPECT_EQ(top.tracer.filter.tpid, 42);
  EXPECT_EQ(top.tracer.filter.comm, "x");
  EXPECT_EQ(trace({"top"}).output.top_interval, std::chrono::seconds(2));

  TraceOptions metrics = trace({"-o", "none", "--metrics", "127.0.0.1:0"});
  EXPECT_EQ(metrics.output.format, OutputFormat::kNone);
  ASSERT_TRUE(metrics.metrics);
  EXPECT_EQ(metrics.metrics->address, "127.0.0.1:0");
  EXPECT_FALSE(metrics.metrics->high_cardinality);
  EXPECT_TRUE(
      trace({"--metrics", "[::1]:9464", "--metrics-high-cardinality"}).metrics->high_cardinality);
  EXPECT_FALSE(trace({}).metrics);
}

TEST(Options, CountingMistakes) {
  auto says = [](std::initializer_list<const char*> args, const char* text) {
    std::string error = usage_error(args);
    EXPECT_NE(error.find(text), std::string::npos) << error;
  };
  says({"--summary", "-o", "json"}, "-o/--output applies to events");
  says({"top", "-o", "none"}, "-o/--output applies to events");
  says({"--summary", "-t"}, "--timestamp does not apply");
  says({"--summary", "--fields", "time,comm"}, "cannot be counted by");
  says({"top", "--summary"}, "use one");
  says({"top", "-d", "0"}, "--delay");
  says({"--metrics", "9464"}, "ADDRESS:PORT");
  says({"--metrics", "127.0.0.1:65536"}, "65535");
  says({"--metrics", "127.0.0.1:"}, "--metrics");
  says({"--metrics-high-cardinality"}, "needs --metrics");
  says({"-o", "none", "--fields", "comm"}, "--fields applies");
}

}  // namespace
}  // namespace sigtrace

namespace sigtrace {
namespace {

TEST(Options, FateDeathsViaAndTcomm) {
  TraceOptions fate = trace({"-F"});
  EXPECT_TRUE(fate.tracer.follow_fates);
  EXPECT_FALSE(fate.deaths_only);
  TraceOptions deaths = trace({"--deaths", "-k"});
  EXPECT_TRUE(deaths.tracer.follow_fates);  // --deaths implies --fate
  EXPECT_TRUE(deaths.deaths_only);
  EXPECT_TRUE(trace({"--fate", "--deaths"}).deaths_only);
  TraceOptions chosen = trace({"--fate", "--fields", "comm,sig,fate,after"});
  ASSERT_TRUE(chosen.output.fields);
  EXPECT_EQ(chosen.output.fields->back(), Field::kAfter);
  TraceOptions via = trace({"--via", "kill,fault,syscall:424", "--tcomm", "nginx"});
  EXPECT_EQ(via.via, (std::vector<std::string>{"kill", "fault", "syscall:424"}));
  EXPECT_EQ(via.tracer.filter.tcomm, "nginx");
}

TEST(Options, FateAndViaMistakes) {
  EXPECT_EQ(usage_error({"--fields", "comm,fate"}), "field 'fate' is only filled with -F/--fate");
  EXPECT_NE(usage_error({"--via", "kil"}).find("'kil' is neither an origin"), std::string::npos);
  EXPECT_NE(usage_error({"--via", "syscall:x"}).find("'syscall:x'"), std::string::npos);
  EXPECT_NE(usage_error({"--tcomm", "a-name-longer-than-15"}).find("1 to 15 characters"),
            std::string::npos);
}

}  // namespace
}  // namespace sigtrace
