# Writes OUTPUT, a C++ file holding every file of ASSET_DIR as a byte array, for
# niamd::web::embedded_assets() (web_assets.hpp). Run by niamd/CMakeLists.txt:
#   cmake -DASSET_DIR=<dir> -DOUTPUT=<file.cpp> -P embed_assets.cmake
file(GLOB names RELATIVE ${ASSET_DIR} ${ASSET_DIR}/*)
list(SORT names)
set(arrays "")
set(table "")
set(index 0)
foreach(name IN LISTS names)
  file(READ ${ASSET_DIR}/${name} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char asset_${index}[] = {${bytes}0x00};\n")
  string(APPEND table "    {\"${name}\", {reinterpret_cast<const char*>(asset_${index}), ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE ${OUTPUT}
"// Generated from niamd/src/web/assets/ by niamd/src/web/embed_assets.cmake: do not edit.
#include \"web/web_assets.hpp\"

namespace niamd::web {
namespace {

${arrays}
const Asset kAssets[] = {
${table}};

}  // namespace

std::span<const Asset> embedded_assets() noexcept { return kAssets; }

}  // namespace niamd::web
")
