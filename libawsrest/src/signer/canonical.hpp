// The pieces of a SigV4 canonical request. Private to libawsrest; unit tests and fuzz
// targets reach them through awsrest_internal.
#pragma once

#include <string>
#include <string_view>

#include "awsrest/request.hpp"

namespace awsrest::signer_detail {

// Appends `text` percent-encoded the SigV4 way: the unreserved characters A-Z a-z 0-9
// '-' '.' '_' '~' as they are, every other byte as %XX (uppercase hex), so '+' is %2B
// and a space %20. '/' stays as it is when `keep_slash` (paths), else %2F.
void append_uri_encoded(std::string& out, std::string_view text, bool keep_slash);

// Appends `text` with every %XX sequence decoded. A '%' not followed by two hex digits
// is kept as it is, and '+' stays '+' (a plus, never a space).
void append_percent_decoded(std::string& out, std::string_view text);

// The path with "." and ".." segments and empty segments ("//") removed; a trailing '/'
// is kept. "" and "/" give "/".
std::string normalized_path(std::string_view path);

// Appends the canonical URI of a path as on the wire.
//  - double_encode (non-S3 rule): every byte but unreserved ones and '/' is encoded, so
//    the '%' of an already encoded path becomes %25.
//  - otherwise (S3 rule): encoded exactly once: a %XX sequence is kept (hex uppercased),
//    every other byte is encoded as above.
void append_canonical_uri(std::string& out, std::string_view path, bool normalize, bool double_encode);

// Appends the canonical query string: parameters split at '&' (empty ones dropped), key and
// value split at the first '=' (a key alone gets "="), each decoded and encoded again,
// sorted by encoded key, then encoded value.
void append_canonical_query(std::string& out, std::string_view query);

// Appends "name:value\n" for every signed header, sorted by lowercase name; values are
// trimmed with inner runs of whitespace (continuation lines too) collapsed to one space,
// and a repeated header's values joined with ',' in request order. `signed_headers`
// receives "host;x-amz-date". Headers the network may change or that carry the
// signature itself (Authorization, User-Agent, X-Amzn-Trace-Id, Expect, Connection,
// Transfer-Encoding, Upgrade) are not signed.
void append_canonical_headers(std::string& out, std::string& signed_headers, const Headers& headers);

// Only the signed header list, as append_canonical_headers would give it.
std::string signed_header_names(const Headers& headers);

// Appends the whole canonical request: method, canonical URI, canonical query, canonical
// headers, blank line, signed headers, payload hash; no trailing newline.
void append_canonical_request(std::string& out, std::string& signed_headers, const Request& request,
                              bool normalize_path, bool double_encode_path, std::string_view payload_hash);

}  // namespace awsrest::signer_detail
