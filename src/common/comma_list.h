// "a,b,c" as its entries, empty ones included (each caller says what an
// empty entry means for it).
#pragma once

#include <string_view>
#include <vector>

namespace sigtrace {

std::vector<std::string_view> split_list(std::string_view list);

}  // namespace sigtrace
