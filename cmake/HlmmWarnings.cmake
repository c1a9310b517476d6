# Project code builds with every warning as an error; third-party and generated code does not.
function(hlmm_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
