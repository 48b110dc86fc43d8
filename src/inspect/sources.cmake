# The object reader, analysis and renderers: everything of `sigtrace inspect`
# that needs neither the CLI nor the built-in object. The fuzzer, a separate
# clang build (tests/inspect/fuzz), compiles the same list.
set(SIGTRACE_INSPECT_CORE_SOURCES
  abstract_state.cpp
  attach_point.cpp
  bpf_object.cpp
  btf.cpp
  diagram_model.cpp
  elf_file.cpp
  helper_calls.cpp
  inspection.cpp
  last_loads.cpp
  map_definitions.cpp
  map_flow.cpp
  map_type_names.cpp
  object_file.cpp
  program_layout.cpp
  render.cpp
  render_json.cpp
  render_markdown.cpp
  render_mermaid.cpp
)
