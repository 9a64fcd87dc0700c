# tst_daemonmetrics (tests/daemon/tst_daemonmetrics.cpp, included from tests/daemon/CMakeLists.txt):
# orchestratord's telemetry into the metrics store, in the data directory and against s3rver (the
# S3-compatible server of tests/metricsstore, installed into the build directory by
# metrics_s3rver_install; without node or s3rver the S3 case fails with the reason).
orch_add_test(tst_daemonmetrics SOURCES tst_daemonmetrics.cpp daemonprocess.h daemonprocess.cpp
    ${CMAKE_CURRENT_LIST_DIR}/metricstesthelpers.h ${CMAKE_CURRENT_LIST_DIR}/s3rverprocess.h
    LIBS orch_metricsstore Qt6::Network nlohmann_json::nlohmann_json)
add_dependencies(tst_daemonmetrics orchestratord)
target_include_directories(tst_daemonmetrics PRIVATE ${CMAKE_CURRENT_LIST_DIR})
find_program(ORCH_NODE_PROGRAM node)
target_compile_definitions(tst_daemonmetrics PRIVATE
    ORCH_S3RVER_PREFIX="${CMAKE_BINARY_DIR}/node"
    ORCH_NODE_PROGRAM="${ORCH_NODE_PROGRAM}"
    ORCH_S3RVER_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/s3rver-verifying.js")
if(NOT "metricsstore" IN_LIST ORCH_SKIP_PARTS AND NOT "metricsstore" IN_LIST ORCH_SKIP_TEST_PARTS)
    add_dependencies(tst_daemonmetrics metrics_s3rver_install)
endif()
