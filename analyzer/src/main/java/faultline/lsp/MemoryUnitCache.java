package faultline.lsp;

import faultline.ir.TranslationUnit;
import faultline.scan.UnitCache;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The language server's cache of lowered files for one workspace folder: the latest unit of each file under the
 * scanner's key (a digest of its bytes and options), so saving one file re-parses that file only. One entry per
 * file: an edited file's old unit is replaced, never kept alongside.
 */
final class MemoryUnitCache implements UnitCache {

  private record Entry(String key, TranslationUnit unit) {}

  private final Map<String, Entry> byPath = new ConcurrentHashMap<>();

  @Override public Optional<TranslationUnit> get(String relativePath, String key) {
    Entry e = byPath.get(relativePath);
    return e != null && e.key().equals(key) ? Optional.of(e.unit()) : Optional.empty();
  }

  @Override public void put(String relativePath, String key, TranslationUnit unit) {
    byPath.put(relativePath, new Entry(key, unit));
  }

  int size() {
    return byPath.size();
  }
}
