package faultline.scan;

import faultline.rule.Finding;
import faultline.rule.RuleMeta;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a scan produced, in deterministic order. {@code findings} includes suppressed findings (see
 * {@link Finding#suppression()}); outputs show them as suppressed, never drop them. {@code rules} are the rules
 * that ran. {@code stats} are counters and timings for --stats (stable key order). {@code findingLines}: the
 * findings' source lines as the scan read them for suppressions, so that fingerprints need not read them again.
 */
public record ScanResult(Path root, List<Finding> findings, List<Notification> notifications, List<RuleMeta> rules,
    Stats stats, Instant started, Instant ended, FindingLines findingLines) {

  /** A result whose findings' lines were not read (fingerprints read them). */
  public ScanResult(Path root, List<Finding> findings, List<Notification> notifications, List<RuleMeta> rules,
      Stats stats, Instant started, Instant ended) {
    this(root, findings, notifications, rules, stats, started, ended, FindingLines.NONE);
  }

  /**
   * @param phaseMillis wall time per phase: "frontend", "analysis", "rules", ... (insertion ordered)
   * @param counters    files, lines, functions, parseIssues, callGraphEdges, ... (insertion ordered)
   */
  public record Stats(int files, int functions, long lines, Map<String, Long> phaseMillis, Map<String, Long> counters) {}

  public List<Finding> active() {
    return findings.stream().filter(f -> f.suppression().isEmpty()).toList();
  }
}
