// The campaign's report: the text summary, and files for CI (JUnit XML and
// JSON). Every file is written atomically.
#pragma once

#include <string>

#include "harness/campaign.h"
#include "traces/failure_sink.h"

namespace catsim::cli {

struct CampaignReportInput {
  const RunConfig& config;
  const CampaignOptions& options;
  const CampaignResult& result;
  const std::vector<FailureGroup>& failures;
  double seconds = 0;
};

void print_summary(const CampaignReportInput& input);
// Return "" on success, else the error.
std::string write_junit(const std::string& path, const CampaignReportInput& input);
std::string write_json(const std::string& path, const CampaignReportInput& input);

}  // namespace catsim::cli
