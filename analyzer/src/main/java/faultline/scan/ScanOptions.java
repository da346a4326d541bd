package faultline.scan;

import faultline.frontend.FrontendOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * What to scan and how.
 *
 * @param root          paths in outputs are relative to this (the SARIF %SRCROOT%)
 * @param paths         files and directories; directories are walked for .c and .h
 * @param excludes      glob patterns matched against root-relative paths ("drivers/staging/**")
 * @param jobs          parser threads
 * @param onlyRules     run exactly these rule ids (empty: every stable rule plus {@code enabledRules})
 * @param enabledRules  experimental rules to add
 * @param plugins       rule jars named explicitly with --plugin
 * @param absolutePaths report absolute paths for files outside the root instead of root-relative ones
 * @param incremental   continue the last full analysis of this tree when the cache has one (see
 *                      {@code IncrementalScan}); false: analyse everything (and leave a new snapshot)
 */
public record ScanOptions(Path root, List<Path> paths, FrontendOptions frontend, List<String> excludes, int jobs,
    List<String> onlyRules, List<String> enabledRules, List<Path> plugins, boolean absolutePaths, boolean incremental) {

  public ScanOptions(Path root, List<Path> paths, FrontendOptions frontend, List<String> excludes, int jobs,
      List<String> onlyRules, List<String> enabledRules, List<Path> plugins, boolean absolutePaths) {
    this(root, paths, frontend, excludes, jobs, onlyRules, enabledRules, plugins, absolutePaths, true);
  }

  public static ScanOptions of(Path root, List<Path> paths) {
    return new ScanOptions(root, paths, FrontendOptions.fuzzy(), List.of(),
        Runtime.getRuntime().availableProcessors(), List.of(), List.of(), List.of(), false);
  }

  public ScanOptions withRules(List<String> only) {
    return new ScanOptions(root, paths, frontend, excludes, jobs, only, enabledRules, plugins, absolutePaths, incremental);
  }

  /** Every rule, experimental ones included: what fixtures and help examples are checked with. */
  public ScanOptions withAllRules() {
    return new ScanOptions(root, paths, frontend, excludes, jobs, List.of(), List.of(faultline.rule.RuleRegistry.ALL),
        plugins, absolutePaths, incremental);
  }

  public ScanOptions withJobs(int n) {
    return new ScanOptions(root, paths, frontend, excludes, n, onlyRules, enabledRules, plugins, absolutePaths, incremental);
  }

  /** Analyses the whole program even when an earlier analysis could be continued. */
  public ScanOptions withoutIncremental() {
    return new ScanOptions(root, paths, frontend, excludes, jobs, onlyRules, enabledRules, plugins, absolutePaths, false);
  }
}
