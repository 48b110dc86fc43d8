// Mount namespaces for tests that must run where tracefs is not mounted.
#pragma once

namespace sigtrace::testing {

// Moves the calling process into a mount namespace of its own and takes
// every tracefs mount away there (the host keeps its mounts); false when the
// namespace could not be made.
bool leave_tracefs_behind();

}  // namespace sigtrace::testing
