package faultline.scan;

/** Progress callbacks from a scan (for a progress bar); called from parser threads, so implementations must be thread-safe. */
public interface ScanListener {
  ScanListener NONE = new ScanListener() {};

  /** How many files will be read, once the walk is done. */
  default void filesFound(int count) {}

  /** One file went through the front-end (parsed or taken from the cache). */
  default void fileDone(String relativePath) {}

  /** A phase after the front-end started: "analysis", "rules". */
  default void phase(String name) {}
}
