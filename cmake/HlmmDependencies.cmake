# Every dependency comes from the system (Debian packages); nothing is downloaded at configure
# or build time. A missing package stops configure with the name of the Debian package to install.
include(FindPkgConfig)

macro(hlmm_require_package name debian_pkg)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "hlmm: ${name} not found; install the Debian package ${debian_pkg} (or run ./scripts/setup)")
  endif()
endmacro()

macro(hlmm_require_pkgconfig prefix module debian_pkg)
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${module})
  if(NOT ${prefix}_FOUND)
    message(FATAL_ERROR "hlmm: ${module} not found by pkg-config; install ${debian_pkg} (or run ./scripts/setup)")
  endif()
endmacro()

hlmm_require_package(Boost libboost-system-dev 1.74 COMPONENTS system)
hlmm_require_package(OpenSSL libssl-dev)
hlmm_require_package(simdjson libsimdjson-dev)
hlmm_require_package(msgpack-cxx libmsgpack-cxx-dev CONFIG NAMES msgpack-cxx msgpack)
hlmm_require_package(GTest "libgtest-dev libgmock-dev")
hlmm_require_package(benchmark libbenchmark-dev)
hlmm_require_package(CLI11 libcli11-dev)
hlmm_require_package(tomlplusplus libtomlplusplus-dev)
hlmm_require_package(spdlog libspdlog-dev)
hlmm_require_package(fmt libfmt-dev)
hlmm_require_pkgconfig(SECP256K1 libsecp256k1 libsecp256k1-dev)
hlmm_require_pkgconfig(CRYPTOPP libcrypto++ libcrypto++-dev)
hlmm_require_pkgconfig(SYSTEMC systemc libsystemc-dev)
hlmm_require_pkgconfig(LZ4 liblz4 liblz4-dev)

# secp256k1's recovery module is a separate header in Debian's package; signing needs it.
include(CheckIncludeFileCXX)
set(CMAKE_REQUIRED_INCLUDES ${SECP256K1_INCLUDE_DIRS})
check_include_file_cxx(secp256k1_recovery.h HLMM_HAVE_SECP256K1_RECOVERY)
if(NOT HLMM_HAVE_SECP256K1_RECOVERY)
  message(FATAL_ERROR "hlmm: libsecp256k1 lacks the recovery module (secp256k1_recovery.h)")
endif()

# Verilator: its CMake package lives under VERILATOR_ROOT.
find_program(HLMM_VERILATOR_BIN verilator)
if(NOT HLMM_VERILATOR_BIN)
  message(FATAL_ERROR "hlmm: verilator not found; install the Debian package verilator")
endif()
execute_process(COMMAND ${HLMM_VERILATOR_BIN} --getenv VERILATOR_ROOT
                OUTPUT_VARIABLE HLMM_VERILATOR_ROOT OUTPUT_STRIP_TRAILING_WHITESPACE)
find_package(verilator REQUIRED HINTS ${HLMM_VERILATOR_ROOT})

find_program(HLMM_YOSYS_BIN yosys)  # used by scripts/synth-estimate only
if(NOT HLMM_YOSYS_BIN)
  message(STATUS "hlmm: yosys not found; scripts/synth-estimate will not run (install yosys)")
endif()

# XRT is optional: AUTO builds the xrt backend when XRT is installed, OFF never does, ON requires it.
set(HLMM_WITH_XRT AUTO CACHE STRING "Build the Alveo/XRT backend: AUTO, ON or OFF")
set_property(CACHE HLMM_WITH_XRT PROPERTY STRINGS AUTO ON OFF)
set(HLMM_HAVE_XRT OFF)
if(NOT HLMM_WITH_XRT STREQUAL "OFF")
  find_package(XRT QUIET HINTS /opt/xilinx/xrt /opt/xilinx/xrt/share/cmake/XRT)
  if(XRT_FOUND)
    set(HLMM_HAVE_XRT ON)
    message(STATUS "hlmm: XRT found (${XRT_DIR}); the xrt backend is built")
  elseif(HLMM_WITH_XRT STREQUAL "ON")
    message(FATAL_ERROR "hlmm: HLMM_WITH_XRT=ON but XRT was not found (source /opt/xilinx/xrt/setup.sh)")
  else()
    message(STATUS "hlmm: XRT not found; the xrt backend is not built (HLMM_WITH_XRT=AUTO)")
  endif()
endif()
