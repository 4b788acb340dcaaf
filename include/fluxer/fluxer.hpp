#pragma once
/// @file
/// Umbrella header: everything a bot needs.

#include <fluxer/core/error.hpp>
#include <fluxer/core/executor.hpp>
#include <fluxer/core/function.hpp>
#include <fluxer/core/future.hpp>
#include <fluxer/core/log.hpp>
#include <fluxer/core/result.hpp>
#include <fluxer/core/snowflake.hpp>
#include <fluxer/core/time.hpp>
#include <fluxer/version.hpp>
