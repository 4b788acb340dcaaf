#include <fluxer/client/client.hpp>

#include "client/client_core.hpp"

namespace fluxer {

Client::Client(ClientOptions options) : core_(std::make_unique<client_detail::ClientCore>(std::move(options))) {}

Client::~Client() = default;

Result<void> Client::login(std::string token) { return start(std::move(token)).result(); }
Future<void> Client::start(std::string token) { return core_->start(std::move(token)); }
void Client::destroy() { core_->destroy(); }

bool Client::is_ready() const noexcept { return core_->is_ready(); }
std::optional<Timestamp> Client::ready_at() const { return core_->ready_at(); }
std::optional<CurrentUser> Client::user() const { return core_->user(); }
std::optional<std::chrono::microseconds> Client::latency(int shard_id) const { return core_->latency(shard_id); }
std::optional<gateway::ShardStatus> Client::shard_status(int shard_id) const { return core_->shard_status(shard_id); }
std::vector<int> Client::shard_ids() const { return core_->shard_ids(); }

HandlerId Client::on(std::string_view event_name, std::function<void(const RawEvent&)> handler) {
  return add_handler(event_name, std::move(handler));
}
HandlerId Client::on_typed(std::function<void(const DispatchEvent&)> handler) {
  return add_typed_handler({}, std::move(handler));
}
bool Client::off(HandlerId id) { return core_->remove_handler(id); }

HandlerId Client::add_handler(std::string_view event_name, std::function<void(const RawEvent&)> handler) {
  return core_->add_raw(event_name, std::move(handler));
}
HandlerId Client::add_typed_handler(std::string_view event_name, std::function<void(const DispatchEvent&)> handler) {
  return core_->add_raw(event_name, [handler = std::move(handler)](const RawEvent& e) { handler(e.event()); });
}

HandlerId Client::on_ready(std::function<void(const ClientReady&)> handler) {
  auto id = core_->next_id();
  core_->ready_handlers.add(id, std::move(handler));
  return id;
}
HandlerId Client::on_guild_join(std::function<void(const GuildJoined&)> handler) {
  auto id = core_->next_id();
  core_->join_handlers.add(id, std::move(handler));
  return id;
}
HandlerId Client::on_guild_available(std::function<void(const GuildAvailable&)> handler) {
  auto id = core_->next_id();
  core_->available_handlers.add(id, std::move(handler));
  return id;
}
HandlerId Client::on_guild_unavailable(std::function<void(const GuildUnavailable&)> handler) {
  auto id = core_->next_id();
  core_->unavailable_handlers.add(id, std::move(handler));
  return id;
}
HandlerId Client::on_guild_leave(std::function<void(const GuildLeft&)> handler) {
  auto id = core_->next_id();
  core_->leave_handlers.add(id, std::move(handler));
  return id;
}
HandlerId Client::on_shard_event(std::function<void(const gateway::ShardEvent&)> handler) {
  auto id = core_->next_id();
  core_->shard_handlers.add(id, std::move(handler));
  return id;
}

MessageCollector Client::collect_messages(MessageCollectorOptions options) {
  return core_->collect_messages(std::move(options));
}
ReactionCollector Client::collect_reactions(ReactionCollectorOptions options) {
  return core_->collect_reactions(std::move(options));
}

Result<void> Client::send_to_gateway(std::string payload) { return core_->send_to_gateway(std::move(payload)); }
Result<void> Client::send_to_shard(int shard_id, std::string payload) {
  return core_->send_to_shard(shard_id, std::move(payload));
}
Result<void> Client::update_presence(const UpdatePresence& presence) { return core_->update_presence(presence); }
Future<gateway::GuildMembers> Client::request_guild_members(RequestGuildMembers request) {
  return core_->request_guild_members(std::move(request));
}

Rest& Client::rest() { return core_->rest(); }
Future<InstanceInfo> Client::fetch_instance() { return core_->rest().discover(); }
Cache& Client::cache() { return core_->cache(); }
const Cache& Client::cache() const { return core_->cache(); }
GuildManager Client::guilds() { return GuildManager(*core_); }
ChannelManager Client::channels() { return ChannelManager(*core_); }
UserManager Client::users() { return UserManager(*core_); }
MemberManager Client::members() { return MemberManager(*core_); }
RoleManager Client::roles() { return RoleManager(*core_); }
Logger& Client::logger() { return core_->logger(); }
const ClientOptions& Client::options() const { return core_->options(); }

}  // namespace fluxer
