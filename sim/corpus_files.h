// Corpus files: a guided corpus (sim/guided_corpus.h) kept in a directory,
// so that successive campaigns (nights) build on each other.
//
// One file per entry, `<feature in hex>.corpus.jsonl`: a header line (type
// "corpus-entry", version, context, feature, transition, seed, origin,
// processes) and the prefix's decision lines (sim/trace_lines.h). The
// context names what the prefixes mean (the protocol's configuration); a
// corpus saved under another context is refused.
// Guarantees:
//  1. save_corpus_entry() writes atomically (temporary file, fsync,
//     rename): a killed campaign leaves every entry it saved whole. An
//     entry's file never changes once written (its name is its feature).
//  2. load_corpus() reads files in name order (deterministic), validates
//     each (bounded lines, the decision checks of a trace) and returns a
//     one-line error naming the file and line for the first bad one.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "sim/guided_corpus.h"

namespace catsim {

inline constexpr size_t kCorpusEntryLinesMax = 1'000'000;

std::string corpus_entry_text(const CorpusEntry& entry, const std::string& context);
// Returns "" or an error.
std::string save_corpus_entry(const std::string& dir, const CorpusEntry& entry,
                              const std::string& context);
// Creates dir if missing, adds its entries to corpus; returns an error or
// nullopt. *loaded counts the entries added.
std::optional<std::string> load_corpus(const std::string& dir, const std::string& context,
                                       GuidedCorpus& corpus, size_t* loaded = nullptr);

// A guided corpus and the directory it is saved into ("" = not saved).
struct SavedCorpus {
  GuidedCorpus corpus;
  std::string dir;
  std::string context;
  uint64_t loaded = 0;  // entries read from dir
  uint64_t added = 0;   // entries added since
  std::string error;    // the first save error ("" = none)

  // Between rounds: absorbs tally's candidates (then drops them), saving
  // each new entry as it is added.
  void absorb(CoverageTally& tally);
  // The features that the corpus did not know among reached, with log.
  FreshFeatures fresh(std::span<const ReachedFeature> reached, const std::vector<Decision>& log,
                      uint64_t origin) const;
};

}  // namespace catsim
