#include "app/cli.hpp"

int main(int argc, char** argv) { return hlmm::app::run_cli(argc, argv); }
