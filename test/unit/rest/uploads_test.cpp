// Uploads gathered from a message body and UploadFile lists, checked before sending.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <fluxer/model/codec.hpp>

#include "rest/uploads.hpp"

namespace fluxer::rest {
namespace {

TEST(Uploads, BodyFilesThenExtraFilesWithMatchingAttachmentIds) {
  CreateMessage m;
  m.content = "look";
  m.files.push_back(FileUpload{.filename = "a.png", .data = "AAAA", .description = "first"});
  std::vector<UploadFile> extra;
  extra.push_back(UploadFile::from_memory("b.txt", "BB"));
  extra.back().spoiler = true;
  RestOptions o;
  auto gathered = gather_uploads(m.files, std::move(extra), o);
  ASSERT_TRUE(gathered.ok()) << gathered.error().to_string();
  ASSERT_EQ(gathered->size(), 2U);
  EXPECT_EQ((*gathered)[0].size, 4U);
  EXPECT_EQ((*gathered)[1].file.filename, "b.txt");
  // The body keeps placeholders without bytes, so its attachments[] matches files[N].
  ASSERT_EQ(m.files.size(), 2U);
  EXPECT_TRUE(m.files[0].data.empty());
  auto json = to_json(m);
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find(R"("attachments":[{"id":0,"filename":"a.png","description":"first"},)"
                       R"({"id":1,"filename":"b.txt","flags":8}])"),
            std::string::npos)
      << *json;

  HttpRequest r;
  set_message_body(r, *json, std::move(*gathered), [] { return std::string("BND"); });
  ASSERT_TRUE(r.multipart);
  auto text = r.multipart->to_string();
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("name=\"files[0]\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nAAAA\r\n"),
            std::string::npos);
  EXPECT_NE(text->find("name=\"files[1]\"; filename=\"b.txt\"\r\nContent-Type: text/plain\r\n\r\nBB\r\n"),
            std::string::npos);
  EXPECT_TRUE(r.body.empty());
}

TEST(Uploads, NoFilesMeansJson) {
  std::vector<FileUpload> none;
  auto gathered = gather_uploads(none, {}, RestOptions{});
  ASSERT_TRUE(gathered.ok());
  HttpRequest r;
  set_message_body(r, "{}", std::move(*gathered), [] { return std::string("B"); });
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_FALSE(r.multipart);
}

TEST(Uploads, LimitsAreCheckedBeforeSending) {
  RestOptions o;
  o.max_upload_bytes = 10;
  std::vector<FileUpload> files{FileUpload{.filename = "big.bin", .data = std::string(11, 'x')}};
  auto big = gather_uploads(files, {}, o);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(big.error().code, "FILE_SIZE_TOO_LARGE");
  EXPECT_EQ(big.error().errors.at(0).path, "files.0");

  std::vector<FileUpload> none;
  std::vector<UploadFile> many;
  for (int i = 0; i < 11; ++i) many.push_back(UploadFile::from_memory("f" + std::to_string(i), "x"));
  auto count = gather_uploads(none, std::move(many), RestOptions{});
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().code, "TOO_MANY_FILES");

  std::vector<UploadFile> missing{UploadFile::from_path("/nonexistent/file.png")};
  auto unreadable = gather_uploads(none, std::move(missing), RestOptions{});
  ASSERT_FALSE(unreadable.ok());
  EXPECT_EQ(unreadable.error().code, "FILE_NOT_READABLE");
}

TEST(Uploads, FilesOnDiskAreSizedNotRead) {
  const auto path = std::filesystem::temp_directory_path() / ("fluxer-upload-" + std::to_string(::getpid()) + ".log");
  std::ofstream(path) << "0123456789";
  std::vector<FileUpload> none;
  std::vector<UploadFile> files{UploadFile::from_path(path)};
  RestOptions o;
  o.max_upload_bytes = 9;
  EXPECT_EQ(gather_uploads(none, files, o).error().code, "FILE_SIZE_TOO_LARGE");
  o.max_upload_bytes = 10;
  auto ok = gather_uploads(none, files, o);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)[0].size, 10U);
  EXPECT_EQ((*ok)[0].file.filename, path.filename().string());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace fluxer::rest
