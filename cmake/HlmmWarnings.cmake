# Project code builds with every warning as an error; third-party and generated code does not.
# -Wno-unknown-pragmas: hls/ states its intent to Vitis HLS with `#pragma HLS ...`, which g++ and
# clang rightly do not know.
function(hlmm_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wno-unknown-pragmas)
endfunction()
