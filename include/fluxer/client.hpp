#pragma once
/// @file
/// The Client and everything it hands out (options, managers, collectors, raw events).
#include <fluxer/client/client.hpp>
#include <fluxer/client/collector.hpp>
#include <fluxer/client/managers.hpp>
#include <fluxer/client/options.hpp>
#include <fluxer/client/raw_event.hpp>
