// The positions of the followed files, STATE_DIR/log-positions (docs/logs.md, "Files"): per
// source and path the file's identity, the offset after the last line kept in the outbox, the
// next line's number and the gaps sent. One text file, written atomically (temporary file,
// fsync, rename) after the lines are in the outbox:
//
//   niam-log-positions 2
//   <source> <path> <device> <inode> <fingerprint hex> <fingerprint bytes> <offset> <seq> <gaps>
//       <next device> <next inode> <next fingerprint hex> <next fingerprint bytes>
//
// (one line each; the next file: the one at the path once the file read was rotated away,
// all 0 when there is none). Version 1 files (no next file) are read too.
//
// source and path with bytes <= ' ', DEL and '%' written as %XX. A line that does not read is
// reported (its number) and skipped — that source is followed from its file's end; the other
// lines still apply. Never throws.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <awsrest/result.hpp>

#include "follow/followed_file.hpp"

namespace niamd::follow {

inline constexpr std::size_t kMaxPositionsBytes = 4 * 1024 * 1024;  // a larger file is not read
inline constexpr std::size_t kMaxPositions = 8192;                  // lines past this are ignored

using PositionKey = std::pair<std::string, std::string>;  // source, path
using Positions = std::map<PositionKey, FilePosition>;

struct PositionsRead {
    Positions positions;
    std::vector<std::string> problems;  // "line 3: ...", empty when all read
};

PositionsRead parse_positions(std::string_view text);
std::string format_positions(const Positions& positions);

// A missing file reads as no positions and no problem.
PositionsRead read_positions_file(const std::filesystem::path& path);
awsrest::Result<void> write_positions_file(const std::filesystem::path& path, const Positions& positions);

}  // namespace niamd::follow
