package faultline.callgraph;

import java.util.List;

/**
 * Definitions by name, as call resolution looks them up: a file's static function of a name, and every
 * non-static function of a name in definition order. Open addressing over int arrays: a rescan builds this for a
 * kernel's 714,000 definitions to resolve the calls of a few changed functions, and hash maps of boxed indices and
 * one-element lists made that a tenth of the rescan.
 */
final class NameIndex {

  private final List<CallGraph.Definition> definitions;
  /** Per slot, the first non-static definition of a name, plus one (0: empty). */
  private final int[] globalSlots;
  /** Per slot, the first static definition of a (file, name), plus one (0: empty). */
  private final int[] staticSlots;
  /**
   * Per slot, the hash of the name (globals) or of the file and name (statics) held there: a probe compares the
   * hash before it looks at the definition, which is a cache miss away.
   */
  private final int[] globalHashes;
  private final int[] staticHashes;
  /** Per definition, the next non-static definition of the same name, else -1. */
  private final int[] nextGlobal;
  private final int duplicates;

  NameIndex(List<CallGraph.Definition> definitions) {
    this.definitions = definitions;
    int n = definitions.size();
    this.globalSlots = new int[tableSize(n)];
    this.staticSlots = new int[tableSize(n)];
    this.globalHashes = new int[globalSlots.length];
    this.staticHashes = new int[staticSlots.length];
    this.nextGlobal = new int[n];
    int[] lastGlobal = new int[globalSlots.length]; // per slot, the chain's last definition
    int dup = 0;
    for (int i = 0; i < n; i++) {
      CallGraph.Definition d = definitions.get(i);
      nextGlobal[i] = -1;
      if (d.isStatic()) {
        int h = staticHash(d.file(), d.name());
        int s = staticSlot(d.file(), d.name(), h);
        if (staticSlots[s] == 0) {   // the first static of that name in the file wins
          staticSlots[s] = i + 1;
          staticHashes[s] = h;
        }
      } else {
        int h = d.name().hashCode();
        int s = globalSlot(d.name(), h);
        if (globalSlots[s] == 0) {
          globalSlots[s] = i + 1;
          globalHashes[s] = h;
        } else {
          nextGlobal[lastGlobal[s]] = i;
          dup++;
        }
        lastGlobal[s] = i;
      }
    }
    this.duplicates = dup;
  }

  /** Non-static definitions beyond the first of their name. */
  int duplicates() {
    return duplicates;
  }

  /** The static function {@code name} of {@code file}, else -1. */
  int staticIn(String file, String name) {
    return staticSlots[staticSlot(file, name, staticHash(file, name))] - 1;
  }

  /** The first non-static definition of {@code name}, else -1; the others follow through {@link #nextGlobal}. */
  int firstGlobal(String name) {
    return globalSlots[globalSlot(name, name.hashCode())] - 1;
  }

  /** The non-static definition of the same name after {@code definition}, else -1. */
  int nextGlobal(int definition) {
    return nextGlobal[definition];
  }

  /** The slot holding {@code name}'s chain, or the empty slot where it would go. */
  private int globalSlot(String name, int hash) {
    int mask = globalSlots.length - 1;
    for (int s = spread(hash) & mask; ; s = (s + 1) & mask) {
      int held = globalSlots[s] - 1;
      if (held < 0 || globalHashes[s] == hash && definitions.get(held).name().equals(name)) return s;
    }
  }

  private int staticSlot(String file, String name, int hash) {
    int mask = staticSlots.length - 1;
    for (int s = spread(hash) & mask; ; s = (s + 1) & mask) {
      int held = staticSlots[s] - 1;
      if (held < 0) return s;
      if (staticHashes[s] != hash) continue;
      CallGraph.Definition d = definitions.get(held);
      if (d.name().equals(name) && d.file().equals(file)) return s;
    }
  }

  private static int staticHash(String file, String name) {
    return file.hashCode() * 31 + name.hashCode();
  }

  /** At most half full. */
  private static int tableSize(int entries) {
    return Integer.highestOneBit(Math.max(2, entries) * 2 - 1) * 2;
  }

  private static int spread(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
