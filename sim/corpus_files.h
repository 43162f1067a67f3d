// Corpus files: a guided corpus (sim/guided_corpus.h) kept in a directory,
// so that successive campaigns (nights) build on each other.
//
// One file per round that added entries, `<hash of its features in
// hex>.corpus.jsonl`, holding each entry as a header line (type
// "corpus-entry", version, context, feature, transition, seed, origin,
// processes) followed by its prefix's decision lines (sim/trace_lines.h).
// The context names what the prefixes mean (the protocol's
// configuration); a corpus saved under another context is refused.
// Guarantees:
//  1. save_corpus_entries() writes atomically (temporary file, fsync,
//     rename), once per round: a killed campaign leaves every round it
//     saved whole. A file never changes once written.
//  2. load_corpus() reads files in name order (deterministic), validates
//     each (bounded lines, the decision checks of a trace) and returns a
//     one-line error naming the file and line for the first bad one.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "sim/guided_corpus.h"

namespace catsim {

inline constexpr size_t kCorpusFileLinesMax = 10'000'000;

std::string corpus_entry_text(const CorpusEntry& entry, const std::string& context);
// Writes entries into one new file of dir; returns "" or an error.
std::string save_corpus_entries(const std::string& dir, std::span<const CorpusEntry> entries,
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
