// The catsim command line: subcommands built with CLI11.
//
// Exit status: 0 clean, 1 a property was violated (or a check found a
// problem), 2 bad usage or malformed input (a one-line error on stderr,
// nothing written).
#pragma once

namespace catsim::cli {

int main(int argc, char** argv);

}  // namespace catsim::cli
