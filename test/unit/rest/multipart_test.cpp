// Multipart bodies: exact bytes, streaming from memory and disk, files that change.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "rest/multipart.hpp"

namespace fluxer::rest {
namespace {

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(Multipart, ExactBodyWithPayloadAndFiles) {
  MultipartBody body("BOUNDARY");
  body.add_text("payload_json", R"({"content":"hi"})", "application/json");
  body.add_file("files[0]", "a.txt", "text/plain", std::make_shared<const std::string>("hello"));
  body.finish();
  const std::string expected =
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n"
      "{\"content\":\"hi\"}\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nhello\r\n"
      "--BOUNDARY--\r\n";
  auto text = body.to_string();
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, expected);
  EXPECT_EQ(body.size(), expected.size());
  EXPECT_EQ(body.content_type(), "multipart/form-data; boundary=BOUNDARY");
}

TEST(Multipart, NamesAndFilenamesCannotBreakTheHeader) {
  EXPECT_EQ(MultipartBody::escape("a\"b\r\nc.png"), "a%22b%0D%0Ac.png");
  MultipartBody body("B");
  body.add_file("files[0]", "evil\"\r\nX: y.png", "image/png", std::make_shared<const std::string>("x"));
  body.finish();
  auto text = body.to_string();
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("filename=\"evil%22%0D%0AX: y.png\""), std::string::npos) << *text;
}

TEST(Multipart, StreamsAFileInSmallReadsByteForByte) {
  std::string content;
  for (int i = 0; i < 100'000; ++i) content.push_back(static_cast<char>(i * 7));  // binary, NULs included
  const auto path = temp_file("fluxer-multipart", content);
  MultipartBody body("XYZ");
  body.add_text("payload_json", "{}", "application/json");
  body.add_file("files[0]", "blob.bin", "application/octet-stream", path, content.size());
  body.finish();
  MultipartBody::Reader reader(body);
  std::string out;
  char buf[333];
  while (const std::size_t n = reader.read(buf, sizeof buf)) out.append(buf, n);
  EXPECT_FALSE(reader.error());
  ASSERT_EQ(out.size(), body.size());
  EXPECT_NE(out.find(content), std::string::npos);
  // A rewind starts over (a retry).
  reader.rewind();
  std::string again;
  while (const std::size_t n = reader.read(buf, sizeof buf)) again.append(buf, n);
  EXPECT_EQ(again, out);
  std::filesystem::remove(path);
}

TEST(Multipart, AFileThatChangedSizeFailsInsteadOfSendingSomethingElse) {
  const auto path = temp_file("fluxer-multipart-shrink", "0123456789");
  MultipartBody shrunk("B");
  shrunk.add_file("files[0]", "f", "text/plain", path, 20);  // claims more than is there
  shrunk.finish();
  auto a = shrunk.to_string();
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("shrank"), std::string::npos);

  MultipartBody grown("B");
  grown.add_file("files[0]", "f", "text/plain", path, 5);  // the file has more
  grown.finish();
  auto b = grown.to_string();
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("grew"), std::string::npos);

  std::filesystem::remove(path);
  MultipartBody gone("B");
  gone.add_file("files[0]", "f", "text/plain", path, 10);
  gone.finish();
  EXPECT_FALSE(gone.to_string().ok());
}

TEST(Multipart, ContentTypesFromExtensions) {
  EXPECT_EQ(guess_content_type("cat.PNG"), "image/png");
  EXPECT_EQ(guess_content_type("a.jpeg"), "image/jpeg");
  EXPECT_EQ(guess_content_type("notes.txt"), "text/plain");
  EXPECT_EQ(guess_content_type("archive"), "application/octet-stream");
  EXPECT_EQ(guess_content_type("x.unknownext"), "application/octet-stream");
}

}  // namespace
}  // namespace fluxer::rest
