# Compiles a BPF program with clang and generates its libbpf skeleton.
#
#   sigtrace_bpf_object(NAME <name> SOURCE <file.bpf.c> [DEPENDS <headers>...])
#
# produces ${CMAKE_BINARY_DIR}/bpf/<name>.bpf.o and <name>.skel.h, and an
# INTERFACE target bpf_<name> whose include path holds the skeleton.
find_program(BPF_CLANG NAMES clang clang-19 clang-16 clang-14 REQUIRED)
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)
find_program(LLVM_STRIP NAMES llvm-strip llvm-strip-19 llvm-strip-16 llvm-strip-14 REQUIRED)

set(SIGTRACE_BPF_DIR ${CMAKE_BINARY_DIR}/bpf)
file(MAKE_DIRECTORY ${SIGTRACE_BPF_DIR})

function(sigtrace_bpf_object)
  cmake_parse_arguments(ARG "" "NAME;SOURCE" "DEPENDS;INCLUDES" ${ARGN})
  set(object ${SIGTRACE_BPF_DIR}/${ARG_NAME}.bpf.o)
  set(skeleton ${SIGTRACE_BPF_DIR}/${ARG_NAME}.skel.h)
  get_filename_component(source ${ARG_SOURCE} ABSOLUTE)
  get_filename_component(source_dir ${source} DIRECTORY)
  set(include_flags -I${source_dir})
  foreach(dir ${ARG_INCLUDES})
    list(APPEND include_flags -I${dir})
  endforeach()
  # -g keeps BTF for CO-RE; the DWARF it also brings is stripped before the
  # object is embedded into sigtrace.
  add_custom_command(
    OUTPUT ${object}
    COMMAND ${BPF_CLANG} -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86
            -Wall -Werror ${include_flags} -c ${source} -o ${object}.tmp
    COMMAND ${LLVM_STRIP} -g ${object}.tmp -o ${object}
    COMMAND ${CMAKE_COMMAND} -E remove ${object}.tmp
    DEPENDS ${source} ${ARG_DEPENDS}
    COMMENT "BPF ${ARG_NAME}"
    VERBATIM)
  add_custom_command(
    OUTPUT ${skeleton}
    COMMAND ${BPFTOOL} gen skeleton ${object} name ${ARG_NAME}_bpf > ${skeleton}
    DEPENDS ${object}
    COMMENT "skeleton ${ARG_NAME}"
    VERBATIM)
  add_custom_target(bpf_${ARG_NAME}_gen DEPENDS ${object} ${skeleton})
  add_library(bpf_${ARG_NAME} INTERFACE)
  add_dependencies(bpf_${ARG_NAME} bpf_${ARG_NAME}_gen)
  target_include_directories(bpf_${ARG_NAME} SYSTEM INTERFACE ${SIGTRACE_BPF_DIR})
endfunction()
