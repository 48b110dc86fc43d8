# The x86-64 system call names by number, from the build machine's
# <asm/unistd_64.h> (linux-libc-dev): writes an initializer list that
# model/syscall_names.cpp includes.
#
#   sigtrace_syscall_names(<output file>)
function(sigtrace_syscall_names output)
  find_file(SIGTRACE_UNISTD_64 NAMES asm/unistd_64.h
            PATHS /usr/include/x86_64-linux-gnu /usr/include REQUIRED NO_DEFAULT_PATH)
  file(STRINGS ${SIGTRACE_UNISTD_64} lines REGEX "^#define __NR_[a-z0-9_]+ [0-9]+$")
  set(entries "")
  foreach(line ${lines})
    string(REGEX REPLACE "^#define __NR_([a-z0-9_]+) ([0-9]+)$" "{\\2, \"\\1\"}," entry "${line}")
    string(APPEND entries "${entry}\n")
  endforeach()
  file(WRITE ${output}.tmp "${entries}")
  file(COPY_FILE ${output}.tmp ${output} ONLY_IF_DIFFERENT)
  file(REMOVE ${output}.tmp)
endfunction()
