#pragma once
/// @file
/// InstanceInfo: the instance discovery document.

#include <optional>
#include <string>

namespace fluxer {

/// Base URLs an instance publishes. Use each byte-for-byte: never change the scheme
/// (`http`/`ws` stay as published) and never drop a port.
struct InstanceEndpoints {
  /// Client API base (same as `api_client`).
  std::string api{};
  std::string api_client{};
  /// Public API base: what bots should use (append `/v1`).
  std::string api_public{};
  /// Gateway WebSocket URL, without query string.
  std::string gateway{};
  /// Media proxy / user content base.
  std::string media{};
  /// Static assets: `static_cdn` on [B], `cdn` on [A] (either fills this).
  std::string static_cdn{};
  std::string marketing{};
  std::string admin{};
  std::string invite{};
  std::string gift{};
  std::string webapp{};

  friend bool operator==(const InstanceEndpoints&, const InstanceEndpoints&) = default;
};

/// CAPTCHA configuration (user-account flows only).
struct InstanceCaptcha {
  /// "none", "hcaptcha" or "turnstile".
  std::string provider{};
  std::optional<std::string> hcaptcha_site_key{};
  std::optional<std::string> turnstile_site_key{};

  friend bool operator==(const InstanceCaptcha&, const InstanceCaptcha&) = default;
};

/// Instance feature switches; absent ones were not published by this server revision.
struct InstanceFeatures {
  std::optional<bool> voice_enabled{};
  std::optional<bool> stripe_enabled{};
  std::optional<bool> self_hosted{};
  std::optional<bool> sms_mfa_enabled{};               ///< [A]
  std::optional<bool> presigned_attachment_uploads{};  ///< [B]
  std::optional<bool> emails_enabled{};                ///< [B]

  friend bool operator==(const InstanceFeatures&, const InstanceFeatures&) = default;
};

/// The discovery document: `GET /.well-known/fluxer` on current servers ([B]) or
/// `GET /v1/instance` on older ones ([A]); both shapes decode into this. [B]-only groups a
/// bot does not need (`gif`, `sso`, `registration`, `community`, `services`, `limits`,
/// `app_public`) are not decoded.
struct InstanceInfo {
  /// Currently 1.
  int api_code_version = 0;
  InstanceEndpoints endpoints{};
  InstanceCaptcha captcha{};
  InstanceFeatures features{};
  /// Web Push VAPID public key (`push.public_vapid_key`).
  std::optional<std::string> push_public_vapid_key{};

  friend bool operator==(const InstanceInfo&, const InstanceInfo&) = default;
};

}  // namespace fluxer
