#include "cli/app.h"

int main(int argc, char** argv) {
  return catsim::cli::main(argc, argv);
}
