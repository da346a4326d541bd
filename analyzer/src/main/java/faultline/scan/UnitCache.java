package faultline.scan;

import faultline.ir.TranslationUnit;
import java.util.List;
import java.util.Optional;

/**
 * Keeps lowered files between scans. {@code key} is a digest of everything that decides the IR: the file's
 * bytes, the front-end options that affect it and the faultline and prelude versions. A cache must never hand
 * back a unit for a different key; a broken entry is a miss.
 */
public interface UnitCache {
  UnitCache NONE = new UnitCache() {
    @Override public Optional<TranslationUnit> get(String relativePath, String key) { return Optional.empty(); }
    @Override public void put(String relativePath, String key, TranslationUnit unit) {}
  };

  Optional<TranslationUnit> get(String relativePath, String key);

  void put(String relativePath, String key, TranslationUnit unit);

  /**
   * Makes everything {@link #put} wrote readable by later scans: a cache may hold writes back to write them
   * together (see {@code DiskUnitCache}). Called by the one thread that puts, after its last put.
   */
  default void flush() {}

  /** What went wrong with the cache itself (a damaged entry, an unwritable directory), for the scan's notifications. */
  /**
   * Where the analysis snapshot of a scan of {@code inputs} (its files and directories, as given) lives (see
   * {@code faultline.incremental.AnalysisSnapshot}), or empty when there is none: no cache, or a cache that cannot
   * be trusted with one. Scans of other inputs under the same root have their own snapshots, so alternating
   * between two subtrees does not make each scan of one start from the other's.
   */
  default Optional<java.nio.file.Path> snapshotPath(List<java.nio.file.Path> inputs) {
    return Optional.empty();
  }

  default List<Notification> notifications() {
    return List.of();
  }
}
