// What `sigtrace top` and --summary count events by: the fields whose
// values make one row. A field added to the key is one more column of the
// table and one more part of what tells rows apart.
#pragma once

#include <string_view>
#include <vector>

#include "common/mode.h"
#include "output/fields.h"

namespace sigtrace {

// Sender, target, signal, and what became of it: CONTAINER COMM TCONTAINER
// TCOMM SIG, then RESULT (ERROR with -k), VIA, and FATE with --fate; the
// containers only when the host has any.
std::vector<Field> default_count_key(Mode mode, bool with_containers, bool with_fate = false);

// --fields when counting: as for events (output/fields.h), but TIME is no
// key (every event would be a row of its own): a UsageError.
std::vector<Field> parse_count_key(std::string_view list, Mode mode);

}  // namespace sigtrace
