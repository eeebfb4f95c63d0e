#!/usr/bin/env bash
# Every tracked C++ file is formatted as .clang-format says (clang-format 14, Debian 12's).
# Prints each file that is not, with the command that fixes it; exit 1 when there is one.
#   tests/style/check_format.sh SOURCE_DIR
set -euo pipefail
cd "$1"
command -v clang-format >/dev/null || { echo "clang-format is not installed (scripts/install-deps)"; exit 1; }
git rev-parse --git-dir >/dev/null 2>&1 || { echo "$1 is not a git checkout: cannot list its files"; exit 1; }
unformatted=()
while IFS= read -r -d '' file; do
  clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done < <(git ls-files -z -- '*.cpp' '*.hpp' '*.h' '*.cc')
if ((${#unformatted[@]})); then
  printf '%s\n' "${#unformatted[@]} file(s) not formatted as .clang-format says:" "${unformatted[@]}"
  echo "fix: clang-format -i ${unformatted[*]}"
  exit 1
fi
echo "all $(git ls-files -- '*.cpp' '*.hpp' '*.h' '*.cc' | wc -l) C++ files formatted"
