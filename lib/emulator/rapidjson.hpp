#pragma once
// RapidJSON for the emulator. The build passes -DRAPIDJSON_NO_SIZETYPEDEFINE (64-bit
// sizes), which requires rapidjson::SizeType to be declared before any RapidJSON header:
// include this header instead of <rapidjson/...> directly.

#include <cstddef>

namespace rapidjson {
typedef ::std::size_t SizeType;  // NOLINT(modernize-use-using): must match RapidJSON's own form
}  // namespace rapidjson

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
