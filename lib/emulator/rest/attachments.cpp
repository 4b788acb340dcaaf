// GET /attachments/{channel_id}/{attachment_id}/{filename}: the stored bytes of an uploaded
// attachment (the emulator serves its own "media" host at its root; no auth, no rate limit).

#include "emulator/rest/common.hpp"

namespace fluxer::emulator::rest {

void register_attachments_routes(Router& router) {
  router.add_root({"GET", "/attachments/{channel_id}/{attachment_id}/{filename}", Auth::None, "", ""},
                  [](RequestContext& ctx) {
                    const auto channel_id = ctx.id("channel_id");
                    const auto attachment_id = ctx.id("attachment_id");
                    if (channel_id && attachment_id)
                      for (const auto& [id, m] : ctx.world().messages(*channel_id))
                        for (const auto& a : m.attachments)
                          if (a.id == *attachment_id && a.filename == ctx.param("filename")) {
                            http::Response r;
                            r.status = 200;
                            r.set_header("Content-Type", a.content_type);
                            r.body = a.data;
                            return r;
                          }
                    return error_response(404, "NOT_FOUND", "404: Not Found");
                  });
}

}  // namespace fluxer::emulator::rest
