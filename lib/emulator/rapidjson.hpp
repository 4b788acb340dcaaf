#pragma once
// RapidJSON for the emulator: the headers it uses, in one place. (The emulator writes and
// reads its own JSON; it must not use the SDK's codec in lib/model.)

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
