// The text of events: exact columns, and JSON with the IG-compatible keys.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/error.h"
#include "enrich/enricher.h"
#include "output/formatter.h"

namespace sigtrace {
namespace {

// 2026-11-24T10:20:30.123456789Z, boot time 5 s.
constexpr uint64_t kWallNs = 1795515630123456789ull;
constexpr uint64_t kBootNs = 5000000000ull;

template <size_t N>
void set_text(char (&field)[N], const char* text) {
  std::memset(field, 0, N);
  std::strncpy(field, text, N - 1);
}

sigtrace_event generate_event() {
  sigtrace_event e{};
  e.header.timestamp_ns = kBootNs;
  e.header.kind = SIGTRACE_RECORD_SIGNAL;
  e.sender.mntns_id = 4026531841;
  e.sender.pidns_id = 4026531836;
  e.sender.tgid = 1200;
  e.sender.tid = 1201;
  e.ppid = 1100;
  e.ptid = 1100;
  e.uid = 0;
  e.gid = 0;
  e.target.tid = 1300;
  e.target.tgid = 1300;
  e.ntargets = 1;
  e.sig = SIGTERM;
  e.code = 0;
  e.result = 1;
  e.group = 1;
  e.source = SIGTRACE_SOURCE_GENERATE;
  e.origin = SIGTRACE_ORIGIN_KNOWN | SIGTRACE_ORIGIN_TASK_STACK;
  e.syscall_nr = 62;  // kill
  set_text(e.sender.comm, "bash");
  set_text(e.pcomm, "sshd");
  set_text(e.target.comm, "sleep");
  return e;
}

sigtrace_event kill_event() {
  sigtrace_event e = generate_event();
  e.source = SIGTRACE_SOURCE_KILL;
  e.pid_arg = 999999;
  e.target = {};
  e.ntargets = 0;
  e.error = ESRCH;
  e.result = 0;
  return e;
}

class Formatting : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
  // What a run hands the formatters: its settings, and events enriched by
  // the real enrich stage (no containers), on a fixed clock.
  struct Context {
    FormatSettings settings;
    Enricher enricher;
    const EnrichedEvent& enrich(const sigtrace_event& e) { return enricher.enrich(e); }
  };
  Context context(Mode mode) {
    return Context{{mode, true},
                   Enricher({.containers = false}, nullptr, BootClock(kWallNs - kBootNs))};
  }
  // One event as a row of the columns listed.
  std::string row(Mode mode, std::string_view fields, const sigtrace_event& e) {
    Context ctx = context(mode);
    auto formatter = make_columns_formatter(parse_field_list(fields, mode), ctx.settings);
    std::string out;
    formatter->format(ctx.enrich(e), out);
    return out;
  }
  // `base` with one change made to it.
  template <typename Change>
  static sigtrace_event changed(sigtrace_event base, Change change) {
    change(base);
    return base;
  }
  // Each event of the sequence as one JSON formatter writes it after all
  // those before, and as a formatter that saw none of them does.
  void expect_as_if_fresh(Context& ctx, const std::vector<const sigtrace_event*>& sequence) {
    auto formatter = make_json_formatter(false, ctx.settings);
    for (const sigtrace_event* event : sequence) {
      std::string seen, fresh;
      formatter->format(ctx.enrich(*event), seen);
      make_json_formatter(false, ctx.settings)->format(ctx.enrich(*event), fresh);
      EXPECT_EQ(seen, fresh);
    }
  }
};

TEST_F(Formatting, ColumnsDefaultGenerate) {
  Context ctx = context(Mode::kGenerate);
  auto formatter = make_columns_formatter(default_fields(Mode::kGenerate), ctx.settings);
  std::string out;
  formatter->begin(out);
  formatter->format(ctx.enrich(generate_event()), out);
  EXPECT_EQ(out,
            "COMM             PID     TID     TCOMM            TPID    SIG         RESULT          "
            "CODE          VIA\n"
            "bash             1200    1201    sleep            1300    SIGTERM     ignored         "
            "SI_USER       kill\n");
}

TEST_F(Formatting, ColumnsDefaultKillOnlyWithTime) {
  Context ctx = context(Mode::kKillOnly);
  auto formatter =
      make_columns_formatter(default_fields(Mode::kKillOnly, {.time = true}), ctx.settings);
  std::string out;
  formatter->begin(out);
  formatter->format(ctx.enrich(kill_event()), out);
  EXPECT_EQ(out,
            "TIME            COMM             PID     TID     TCOMM            TPID    SIG         "
            "ERROR   SYSCALL\n"
            "10:20:30.123456 bash             1200    1201    -                999999  SIGTERM     "
            "ESRCH   kill\n");
}

TEST_F(Formatting, ColumnsChosenFields) {
  EXPECT_EQ(
      row(Mode::kGenerate, "sig,user,gname,pcomm,ppid,mntns,group,ttid", generate_event()),
      "SIGTERM     root       root       sshd             1100    4026531841  process 1300\n");
}

TEST_F(Formatting, GroupKillShowsHowManyTasks) {
  sigtrace_event e = kill_event();
  e.pid_arg = -1300;
  e.ntargets = 3;
  e.error = 0;
  set_text(e.target.comm, "sleep");
  EXPECT_EQ(row(Mode::kKillOnly, "tcomm,tpid,targets", e), "(3 tasks)        -1300   3\n");
}

TEST_F(Formatting, HostileNamesAreEscapedInColumns) {
  sigtrace_event e = generate_event();
  set_text(e.sender.comm, "\x1b]0;pwned\a");
  set_text(e.target.comm,
           "\xff\xfe"
           "x");
  EXPECT_EQ(row(Mode::kGenerate, "comm,tcomm", e), "\\x1b]0;pwned\\x07 \\xff\\xfex\n");
}

// Only names can hold characters wider or narrower than their bytes; they
// are padded by display width, so the next column starts where it should.
TEST_F(Formatting, NamesArePaddedByTheirWidth) {
  sigtrace_event e = generate_event();
  set_text(e.sender.comm, "日本語");
  set_text(e.pcomm, "cafe\xcc\x81");  // an e and a combining acute: 4 columns
  EXPECT_EQ(row(Mode::kGenerate, "comm,pcomm,pid", e),
            "日本語" + std::string(11, ' ') + "cafe\xcc\x81" + std::string(13, ' ') + "1200\n");
}

TEST(FieldList, Errors) {
  EXPECT_THROW(parse_field_list("comm,nope", Mode::kGenerate), UsageError);
  EXPECT_THROW(parse_field_list("comm,comm", Mode::kGenerate), UsageError);
  EXPECT_THROW(parse_field_list("result", Mode::kKillOnly), UsageError);
  EXPECT_THROW(parse_field_list("syscall", Mode::kGenerate), UsageError);
  EXPECT_THROW(parse_field_list("", Mode::kGenerate), UsageError);
}

template <typename Context>
nlohmann::json format_json(const sigtrace_event& e, Context& ctx, bool pretty = false) {
  auto formatter = make_json_formatter(pretty, ctx.settings);
  std::string out;
  formatter->format(ctx.enrich(e), out);
  EXPECT_EQ(out.back(), '\n');
  if (!pretty) {
    EXPECT_EQ(out.find('\n'), out.size() - 1) << "one object per line";
  }
  return nlohmann::json::parse(out);
}

TEST_F(Formatting, JsonGenerateHasIgKeysAndOurs) {
  Context ctx = context(Mode::kGenerate);
  nlohmann::json j = format_json(generate_event(), ctx);
  EXPECT_EQ(j["timestamp"], "2026-11-24T10:20:30.123456789Z");
  EXPECT_EQ(j["timestamp_raw"], kWallNs);
  EXPECT_EQ(j["proc"]["comm"], "bash");
  EXPECT_EQ(j["proc"]["pid"], 1200);
  EXPECT_EQ(j["proc"]["tid"], 1201);
  EXPECT_EQ(j["proc"]["mntns_id"], 4026531841u);
  EXPECT_EQ(j["proc"]["creds"]["uid"], 0);
  EXPECT_EQ(j["proc"]["creds"]["gid"], 0);
  EXPECT_EQ(j["proc"]["creds"]["user"], "root");
  EXPECT_EQ(j["proc"]["creds"]["group"], "root");
  EXPECT_EQ(j["proc"]["parent"]["comm"], "sshd");
  EXPECT_EQ(j["proc"]["parent"]["pid"], 1100);
  EXPECT_EQ(j["proc"]["parent"]["tid"], 1100);
  EXPECT_EQ(j["tpid"], 1300);
  EXPECT_EQ(j["tcomm"], "sleep");
  EXPECT_EQ(j["sig"], "SIGTERM");
  EXPECT_EQ(j["sig_raw"], 15);
  EXPECT_EQ(j["error"], "");
  EXPECT_EQ(j["error_raw"], 0);
  EXPECT_EQ(j["code"], "SI_USER");
  EXPECT_EQ(j["code_raw"], 0);
  EXPECT_EQ(j["group"], true);
  EXPECT_EQ(j["result"], "ignored");
  EXPECT_EQ(j["result_raw"], 1);
  EXPECT_FALSE(j.contains("syscall"));
}

TEST_F(Formatting, JsonKillOnlyHasNoGenerateKeys) {
  Context ctx = context(Mode::kKillOnly);
  nlohmann::json j = format_json(kill_event(), ctx);
  EXPECT_EQ(j["error"], "ESRCH");
  EXPECT_EQ(j["error_raw"], ESRCH);
  EXPECT_EQ(j["tpid"], 999999);
  EXPECT_EQ(j["tcomm"], "");
  EXPECT_EQ(j["syscall"], "kill");
  EXPECT_EQ(j["targets"], 0);
  for (const char* key : {"code", "code_raw", "group", "result", "result_raw", "tgid", "ttid"}) {
    EXPECT_FALSE(j.contains(key)) << key;
  }
}

TEST_F(Formatting, JsonTgkillCarriesTheTgid) {
  Context ctx = context(Mode::kKillOnly);
  sigtrace_event e = kill_event();
  e.source = SIGTRACE_SOURCE_TGKILL;
  e.tgid_arg = 1300;
  e.pid_arg = 1302;
  e.target.tid = 1302;
  e.ntargets = 1;
  e.error = 0;
  nlohmann::json j = format_json(e, ctx);
  EXPECT_EQ(j["syscall"], "tgkill");
  EXPECT_EQ(j["tgid"], 1300);
  EXPECT_EQ(j["ttid"], 1302);
}

TEST_F(Formatting, JsonUnknownNamesKeepTheirNumbers) {
  Context ctx = context(Mode::kGenerate);
  sigtrace_event e = generate_event();
  e.uid = 4000000;
  e.code = 77;
  e.result = 9;
  nlohmann::json j = format_json(e, ctx);
  EXPECT_EQ(j["proc"]["creds"]["user"], "");
  EXPECT_EQ(j["code"], "77");
  EXPECT_EQ(j["result"], "9");
}

TEST_F(Formatting, JsonPrettyIsTheSameObject) {
  Context ctx = context(Mode::kGenerate);
  nlohmann::json compact = format_json(generate_event(), ctx, false);
  nlohmann::json pretty = format_json(generate_event(), ctx, true);
  EXPECT_EQ(compact, pretty);
}

TEST_F(Formatting, JsonSurvivesHostileNames) {
  Context ctx = context(Mode::kGenerate);
  sigtrace_event e = generate_event();
  set_text(e.sender.comm, "\x1b]0;pwned\a");
  set_text(e.target.comm, "\xff\"\\");
  nlohmann::json j = format_json(e, ctx);
  EXPECT_EQ(j["proc"]["comm"], "\x1b]0;pwned\a");
  EXPECT_EQ(j["tcomm"], "\xef\xbf\xbd\"\\");
}

// A storm repeats its sender, whose "proc" object is then copied, not
// formatted again: every line must still be what a formatter that saw
// nothing before writes, also when one field of the sender changes.
TEST_F(Formatting, JsonOfARepeatedSenderFollowsEveryChange) {
  Context ctx = context(Mode::kGenerate);
  sigtrace_event same = generate_event();
  sigtrace_event parent = same;
  set_text(parent.pcomm, "zsh");
  sigtrace_event name = same;
  set_text(name.sender.comm, "bash\x1b[2J");
  sigtrace_event user = same;
  user.uid = 4000000;
  sigtrace_event thread = same;
  thread.sender.tid = 1202;
  sigtrace_event parent_pid = same;
  parent_pid.ppid = 1;
  sigtrace_event parent_tid = same;
  parent_tid.ptid = 1101;
  sigtrace_event process = same;
  process.sender.tgid = 1201;
  sigtrace_event mntns = same;
  mntns.sender.mntns_id = 4026532000;
  sigtrace_event group = same;
  group.gid = 4000000;
  sigtrace_event interrupt = same;  // the kernel, no task, sent it
  interrupt.origin = SIGTRACE_ORIGIN_KNOWN;
  // Each change three times after the same sender three times: the memo
  // keeps each on its second event and copies it on its third.
  const sigtrace_event* changes[] = {&parent,     &name,    &user,  &thread, &parent_pid,
                                     &parent_tid, &process, &mntns, &group,  &interrupt};
  std::vector<const sigtrace_event*> sequence;
  for (const sigtrace_event* change : changes) {
    sequence.insert(sequence.end(), {&same, &same, &same, change, change, change});
  }
  // Ids without names: the numbers alone tell them apart.
  sigtrace_event other_user = user;
  other_user.uid = 4000001;
  sigtrace_event other_group = group;
  other_group.gid = 4000001;
  sequence.insert(sequence.end(), {&user, &user, &other_user, &group, &group, &other_group});
  expect_as_if_fresh(ctx, sequence);
}

// The same for the members from "sig" on, copied while the signal's facts
// repeat.
TEST_F(Formatting, JsonOfARepeatedSignalFollowsEveryChange) {
  Context ctx = context(Mode::kGenerate);
  const sigtrace_event same = generate_event();
  const sigtrace_event variants[] = {
      changed(same, [](sigtrace_event& e) { e.sig = SIGKILL; }),
      changed(same, [](sigtrace_event& e) { e.result = 0; }),
      changed(same, [](sigtrace_event& e) { e.code = SI_TKILL; }),
      changed(same, [](sigtrace_event& e) { e.error = EAGAIN; }),
      changed(same, [](sigtrace_event& e) { e.group = 0; }),
      changed(same, [](sigtrace_event& e) { e.syscall_nr = 234; }),                // tgkill
      changed(same, [](sigtrace_event& e) { e.origin = SIGTRACE_ORIGIN_KNOWN; }),  // an interrupt
  };
  std::vector<const sigtrace_event*> sequence;
  for (const sigtrace_event& variant : variants) {
    sequence.insert(sequence.end(), {&same, &same, &same, &variant, &variant, &variant});
  }
  expect_as_if_fresh(ctx, sequence);
}

// And for a call's members from "sig" on (kill-only), copied while the
// call's facts repeat.
TEST_F(Formatting, JsonOfARepeatedCallFollowsEveryChange) {
  Context ctx = context(Mode::kKillOnly);
  sigtrace_event same = kill_event();
  same.error = 0;
  same.ntargets = 1;
  same.pid_arg = 1300;
  same.target.tid = same.target.tgid = 1300;
  auto tgkill = [&](int32_t tgid) {
    return changed(same, [&](sigtrace_event& e) {
      e.source = SIGTRACE_SOURCE_TGKILL;
      e.tgid_arg = tgid;
    });
  };
  auto pidfd_send_signal = [&](int32_t pidfd, uint32_t flags) {
    return changed(same, [&](sigtrace_event& e) {
      e.source = SIGTRACE_SOURCE_PIDFD_SEND_SIGNAL;
      e.pid_arg = pidfd;
      e.call_flags = flags;
    });
  };
  const sigtrace_event variants[] = {
      changed(same, [](sigtrace_event& e) { e.sig = SIGKILL; }),
      changed(same, [](sigtrace_event& e) { e.error = EPERM; }),
      changed(same, [](sigtrace_event& e) { e.ntargets = 3; }),
      changed(same, [](sigtrace_event& e) { e.ntargets = 2; }),       // neither has a "ttid"
      changed(same, [](sigtrace_event& e) { e.target.tid = 1302; }),  // a thread: "ttid"
      changed(same, [](sigtrace_event& e) { e.syscall_nr = 234; }),
      changed(same, [](sigtrace_event& e) { e.origin = SIGTRACE_ORIGIN_KNOWN; }),
      tgkill(1300),
      tgkill(1301),
      pidfd_send_signal(7, 0),
      pidfd_send_signal(8, 0),
      pidfd_send_signal(8, 1),
  };
  // Each variant after the plain call, then after its neighbour in the
  // list: the last three differ from the one before by a single argument.
  std::vector<const sigtrace_event*> sequence;
  const sigtrace_event* before = &same;
  for (const sigtrace_event& variant : variants) {
    sequence.insert(sequence.end(), {&same, &same, &same, &variant, &variant, &variant});
    sequence.insert(sequence.end(), {before, before, before, &variant, &variant, &variant});
    before = &variant;
  }
  expect_as_if_fresh(ctx, sequence);
}

// A containerd pod's container signals a target that was gone before
// anything could place it: names on one end, "?" on the other.
class PlacedEvent : public Formatting {
 protected:
  PlacedEvent() {
    pod_.id = "st-probe1";
    pod_.name = "app";
    pod_.image = "localhost/sigtrace-busybox:latest";
    pod_.runtime = "containerd";
    pod_.k8s = {"shop", "web-0", "app"};
    pod_.mntns_id = 4026532177;
    record_ = generate_event();
    event_.record = &record_;
    event_.numbers.tpid = 1300;
    event_.target.comm = "sleep";
    event_.sender_place = ContainerPlace::of(&pod_);
    event_.target_place = ContainerPlace::unknown();
  }

  Container pod_;
  sigtrace_event record_;
  EnrichedEvent event_;
};

// Names far longer than the room the JSON writer makes at first, all of
// them escaped six times over: the line grows and stays exact.
TEST_F(PlacedEvent, JsonOfNamesLongerThanItsFirstRoom) {
  pod_.name = std::string(3000, '\x01');
  pod_.image = std::string(5000, 'i');
  event_.target_place = ContainerPlace::of(&pod_);
  auto formatter = make_json_formatter(false, FormatSettings{Mode::kGenerate, true});
  std::string out = "before\n";
  formatter->format(event_, out);
  ASSERT_EQ(out.substr(0, 7), "before\n");
  ASSERT_EQ(out.back(), '\n');
  nlohmann::json j = nlohmann::json::parse(out.substr(7));
  EXPECT_EQ(j["runtime"]["containerName"], pod_.name);
  EXPECT_EQ(j["truntime"]["containerImageName"], pod_.image);
  EXPECT_EQ(j["k8s"]["podName"], "web-0");
}

TEST_F(PlacedEvent, ColumnsShowThePodAndAQuestionMark) {
  FormatSettings settings{Mode::kGenerate, true};
  auto fields = parse_field_list(
      "container,k8s.namespace,k8s.pod,k8s.container,tcontainer,tk8s.namespace,tk8s.pod",
      Mode::kGenerate);
  auto formatter = make_columns_formatter(fields, settings);
  std::string out;
  formatter->format(event_, out);
  EXPECT_EQ(out,
            "app              shop             web-0            app              ?                "
            "?                ?\n");
  event_.target_place = ContainerPlace::of(nullptr);  // the host
  out.clear();
  formatter->format(event_, out);
  EXPECT_EQ(out,
            "app              shop             web-0            app              -                "
            "-                -\n");
}

TEST_F(PlacedEvent, DefaultColumnsWithPods) {
  EXPECT_EQ(default_fields(Mode::kKillOnly, {.containers = true, .k8s = true}),
            (std::vector<Field>{Field::kComm, Field::kPid, Field::kTid, Field::kContainer,
                                Field::kK8sNamespace, Field::kK8sPod, Field::kTcomm, Field::kTpid,
                                Field::kTcontainer, Field::kSig, Field::kError, Field::kSyscall}));
  EXPECT_TRUE(shows_containers({Field::kSig, Field::kTk8sPod}));
  EXPECT_FALSE(shows_containers({Field::kSig, Field::kComm}));
}

TEST_F(PlacedEvent, JsonHasIgsRuntimeAndK8sAndSaysUnknown) {
  auto formatter = make_json_formatter(false, FormatSettings{Mode::kGenerate, true});
  std::string out;
  formatter->format(event_, out);
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["runtime"]["containerName"], "app");
  EXPECT_EQ(j["runtime"]["containerId"], "st-probe1");
  EXPECT_EQ(j["runtime"]["runtimeName"], "containerd");
  EXPECT_EQ(j["runtime"]["containerImageName"], "localhost/sigtrace-busybox:latest");
  EXPECT_EQ(j["k8s"], (nlohmann::json{
                          {"namespace", "shop"}, {"podName", "web-0"}, {"containerName", "app"}}));
  EXPECT_FALSE(j.contains("runtime_unknown"));
  EXPECT_EQ(j["truntime_unknown"], true);
  EXPECT_FALSE(j.contains("truntime"));
  EXPECT_FALSE(j.contains("tk8s"));

  event_.target_place = ContainerPlace::of(&pod_);
  event_.sender_place = ContainerPlace::of(nullptr);
  out.clear();
  formatter->format(event_, out);
  j = nlohmann::json::parse(out);
  EXPECT_FALSE(j.contains("runtime"));
  EXPECT_FALSE(j.contains("k8s"));
  EXPECT_EQ(j["tk8s"]["podName"], "web-0");
  EXPECT_EQ(j["truntime"]["containerName"], "app");
  EXPECT_FALSE(j.contains("truntime_unknown"));
}

}  // namespace
}  // namespace sigtrace
