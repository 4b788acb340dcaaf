// gtest main for the emulator's test binaries: quiet libwebsockets, initialise libcurl.

#include <gtest/gtest.h>

#include <curl/curl.h>
#include <libwebsockets.h>

int main(int argc, char** argv) {
  lws_set_log_level(LLL_ERR, nullptr);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  ::testing::InitGoogleTest(&argc, argv);
  const int rc = RUN_ALL_TESTS();
  curl_global_cleanup();
  return rc;
}
