// Decoders for messages and what they contain (embeds, attachments, reactions, ...).

#include <string>

#include "model/decoders.hpp"

namespace fluxer::mjson {

// ------------------------------------------------------------------ embeds

bool read_value(Ctx& c, const Value& v, EmbedAuthor& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("url", out.url)
      FLUXER_FIELD("icon_url", out.icon_url)
      FLUXER_FIELD("proxy_icon_url", out.proxy_icon_url)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, EmbedProvider& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("url", out.url)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, EmbedFooter& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("text", out.text)
      FLUXER_FIELD("icon_url", out.icon_url)
      FLUXER_FIELD("proxy_icon_url", out.proxy_icon_url)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, EmbedMedia& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("url", out.url)
      FLUXER_FIELD("description", out.description)
      FLUXER_FIELD("proxy_url", out.proxy_url)
      FLUXER_FIELD("width", out.width)
      FLUXER_FIELD("height", out.height)
      FLUXER_FIELD("content_type", out.content_type)
      FLUXER_FIELD("content_hash", out.content_hash)
      FLUXER_FIELD("placeholder", out.placeholder)
      FLUXER_FIELD("duration", out.duration)
      FLUXER_FIELD("flags", out.flags)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, EmbedField& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("name", out.name)
      FLUXER_FIELD("value", out.value)
      FLUXER_FIELD("inline", out.is_inline)
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, Embed& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("type", out.type)
      FLUXER_FIELD("title", out.title)
      FLUXER_FIELD("description", out.description)
      FLUXER_FIELD("url", out.url)
      FLUXER_FIELD("timestamp", out.timestamp)
      FLUXER_FIELD("color", out.color)
      FLUXER_FIELD("author", out.author)
      FLUXER_FIELD("provider", out.provider)
      FLUXER_FIELD("thumbnail", out.thumbnail)
      FLUXER_FIELD("image", out.image)
      FLUXER_FIELD("video", out.video)
      FLUXER_FIELD("audio", out.audio)
      FLUXER_FIELD("footer", out.footer)
      FLUXER_FIELD("fields", out.fields)
      FLUXER_FIELD("nsfw", out.nsfw)
      default: break;
    }
    return true;
  });
}

// ------------------------------------------------------------------ attachments, reactions

bool read_value(Ctx& c, const Value& v, Attachment& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("id", out.id)
          FLUXER_FIELD("filename", out.filename)
          FLUXER_FIELD("title", out.title)
          FLUXER_FIELD("description", out.description)
          FLUXER_FIELD("content_type", out.content_type)
          FLUXER_FIELD("content_hash", out.content_hash)
          FLUXER_FIELD("size", out.size)
          FLUXER_FIELD("url", out.url)
          FLUXER_FIELD("proxy_url", out.proxy_url)
          FLUXER_FIELD("width", out.width)
          FLUXER_FIELD("height", out.height)
          FLUXER_FIELD("placeholder", out.placeholder)
          FLUXER_FIELD("flags", out.flags)
          FLUXER_FIELD("nsfw", out.nsfw)
          FLUXER_FIELD("duration", out.duration)
          FLUXER_FIELD("waveform", out.waveform)
          FLUXER_FIELD("expires_at", out.expires_at)
          FLUXER_FIELD("expired", out.expired)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.id, "id");
}

bool read_value(Ctx& c, const Value& v, Reaction& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("emoji", out.emoji)
      FLUXER_FIELD("count", out.count)
      FLUXER_FIELD("me", out.me)
      default: break;
    }
    return true;
  });
}

// ------------------------------------------------------------------ references, snapshots

bool read_value(Ctx& c, const Value& v, MessageReference& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& v) {
        switch (key_hash(k)) {
          FLUXER_FIELD("message_id", out.message_id)
          FLUXER_FIELD("channel_id", out.channel_id)
          FLUXER_FIELD("guild_id", out.guild_id)
          FLUXER_FIELD("type", out.type)
          default: break;
        }
        return true;
      }))
    return false;
  return require(c, out.message_id, "message_id");
}

namespace {
// Snapshot mentions are ids; accept user objects as well and keep their id.
bool read_id_list(Ctx& c, const Value& v, std::vector<Snowflake>& out) {
  out.clear();
  if (v.IsNull()) return true;
  if (!v.IsArray()) return c.fail("expected an array");
  std::size_t i = 0;
  for (const auto& item : v.GetArray()) {
    if (item.IsObject()) {
      User u;
      if (!read_value(c, item, u)) return c.in(i);
      out.push_back(u.id);
    } else {
      if (!read_value(c, item, out.emplace_back())) return c.in(i);
    }
    ++i;
  }
  return true;
}
}  // namespace

bool read_value(Ctx& c, const Value& v, MessageSnapshot& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("content", out.content)
      FLUXER_FIELD("timestamp", out.timestamp)
      FLUXER_FIELD("edited_timestamp", out.edited_timestamp)
      FLUXER_FIELD("mention_roles", out.mention_roles)
      FLUXER_FIELD("embeds", out.embeds)
      FLUXER_FIELD("attachments", out.attachments)
      FLUXER_FIELD("stickers", out.stickers)
      FLUXER_FIELD("type", out.type)
      FLUXER_FIELD("flags", out.flags)
      case key_hash("mentions"):
        if (k == "mentions") return read_id_list(c, v, out.mentions) || c.in("mentions");
        break;
      default: break;
    }
    return true;
  });
}

bool read_value(Ctx& c, const Value& v, MessageCall& out) {
  return for_each_member(c, v, [&](std::string_view k, const Value& v) {
    switch (key_hash(k)) {
      FLUXER_FIELD("participants", out.participants)
      FLUXER_FIELD("ended_timestamp", out.ended_timestamp)
      default: break;
    }
    return true;
  });
}

// ------------------------------------------------------------------ message

bool message_field(Ctx& c, std::string_view k, const Value& v, Message& out) {
  switch (key_hash(k)) {
    FLUXER_FIELD("id", out.id)
    FLUXER_FIELD("channel_id", out.channel_id)
    FLUXER_FIELD("guild_id", out.guild_id)
    FLUXER_FIELD("author", out.author)
    FLUXER_FIELD("member", out.member)
    FLUXER_FIELD("webhook_id", out.webhook_id)
    FLUXER_FIELD("type", out.type)
    FLUXER_FIELD("flags", out.flags)
    FLUXER_FIELD("content", out.content)
    FLUXER_FIELD("timestamp", out.timestamp)
    FLUXER_FIELD("edited_timestamp", out.edited_timestamp)
    FLUXER_FIELD("pinned", out.pinned)
    FLUXER_FIELD("mention_everyone", out.mention_everyone)
    FLUXER_FIELD("tts", out.tts)
    FLUXER_FIELD("mentions", out.mentions)
    FLUXER_FIELD("mention_roles", out.mention_roles)
    FLUXER_FIELD("embeds", out.embeds)
    FLUXER_FIELD("attachments", out.attachments)
    FLUXER_FIELD("stickers", out.stickers)
    FLUXER_FIELD("sticker_items", out.stickers)
    FLUXER_FIELD("reactions", out.reactions)
    FLUXER_FIELD("message_reference", out.message_reference)
    FLUXER_FIELD("message_snapshots", out.message_snapshots)
    FLUXER_FIELD("call", out.call)
    case key_hash("nonce"):
      if (k == "nonce") {
        // A string; newer servers also allow a non-negative integer.
        if (v.IsString())
          out.nonce.emplace(str_of(v));
        else if (v.IsUint64())
          out.nonce = std::to_string(v.GetUint64());
        else if (v.IsInt64())
          out.nonce = std::to_string(v.GetInt64());
        else if (v.IsNull())
          out.nonce.reset();
        else
          return c.fail("expected a string or an integer") || c.in("nonce");
        return true;
      }
      break;
    case key_hash("referenced_message"):
      if (k == "referenced_message") {
        // Absent = not a reply; null = the target was deleted.
        if (v.IsNull()) {
          out.referenced_message.set_null();
          return true;
        }
        if (c.message_depth >= kMaxMessageDepth)
          return c.fail("referenced_message nested too deeply", "TOO_DEEP") || c.in("referenced_message");
        ++c.message_depth;
        const bool ok = read_value(c, v, *out.referenced_message.emplace());
        --c.message_depth;
        return ok || c.in("referenced_message");
      }
      break;
    default: break;
  }
  return true;
}

bool finish_message(Ctx& c, Message& out) {
  if (!require(c, out.id, "id")) return false;
  return require(c, out.channel_id, "channel_id");
}

bool read_value(Ctx& c, const Value& v, Message& out) {
  if (!for_each_member(c, v, [&](std::string_view k, const Value& m) { return message_field(c, k, m, out); }))
    return false;
  return finish_message(c, out);
}

}  // namespace fluxer::mjson
