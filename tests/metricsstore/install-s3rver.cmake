# Installs the npm package s3rver 3 (the S3-compatible server of tst_metricss3) into PREFIX with
# npm. Runs at every build and returns at once when it is there. A failure does not fail the
# build: the reason goes to PREFIX/install-error.txt, and tst_metricss3 fails with it.
if(EXISTS "${PREFIX}/node_modules/s3rver/package.json")
    file(REMOVE "${PREFIX}/install-error.txt")
    return()
endif()
file(MAKE_DIRECTORY "${PREFIX}")
find_program(NPM_PROGRAM npm)
if(NOT NPM_PROGRAM)
    file(WRITE "${PREFIX}/install-error.txt"
        "npm was not found: install the Debian packages nodejs and npm (./dev.sh installs them)\n")
    message(WARNING "s3rver not installed: npm was not found (tst_metricss3 will fail)")
    return()
endif()
message(STATUS "Installing s3rver@3 into ${PREFIX} (for tst_metricss3)")
execute_process(
    COMMAND "${NPM_PROGRAM}" install --prefix "${PREFIX}" --no-audit --no-fund --loglevel=error
            --fetch-retries=2 --fetch-timeout=60000 s3rver@3
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
    TIMEOUT 900)
if(NOT rc EQUAL 0 OR NOT EXISTS "${PREFIX}/node_modules/s3rver/package.json")
    file(WRITE "${PREFIX}/install-error.txt"
        "npm install --prefix ${PREFIX} s3rver@3 failed (${rc}):\n${out}\n${err}\n")
    message(WARNING "s3rver not installed (tst_metricss3 will fail): see ${PREFIX}/install-error.txt")
    return()
endif()
file(REMOVE "${PREFIX}/install-error.txt")
