package faultline.ir;

/**
 * Which IR strings are shared across files. The scanner keeps every file's IR until the rules have run, and
 * short texts (identifiers, type texts, literals, member paths: "dev", "struct device *", "&dev->lock") repeat in
 * thousands of files, so the front-end and the cache decoders pass them through one table for the scan. Longer
 * texts are mostly unique expressions: sharing them would cost more than it saves.
 *
 * <p>The table is faultline's own, not the JVM's string table ({@link String#intern}). On a whole kernel tree,
 * interning took 28 % of the lowering's CPU time (14 CPU-s, async-profiler): every call hashes the characters
 * again in native code and probes a table of millions of weak entries, which each young collection also walks.
 * Here a lookup is a probe on the String's cached hash and {@code equals}, with no lock when the string is there.
 *
 * <p>Sharing only saves memory: nothing may compare IR strings by identity. {@link #startScan} drops the table,
 * so a long-running process (the language server) keeps no strings of scans that ended.
 */
public final class IrStrings {

  /** The longest string that is shared across files. */
  public static final int SHARED_MAX_LENGTH = 48;

  private static volatile SharedTable table = new SharedTable();

  private IrStrings() {}

  /** The one instance of {@code s} for the whole scan when it is short, else {@code s} itself. */
  public static String shared(String s) {
    return s.length() <= SHARED_MAX_LENGTH ? table.canonical(s) : s;
  }

  /**
   * Starts an empty table. A scan calls this first; a scan still running on another thread only shares less from
   * then on (sharing never decides a result).
   */
  public static void startScan() {
    table = new SharedTable();
  }

  /**
   * Strings by content, in stripes (each an open-addressing table under its own lock) so that parser threads
   * rarely meet. Lookups read a stripe's array without the lock: a String's fields are final, so one seen through
   * the race is complete, and a miss, or an array replaced meanwhile, is settled again under the lock.
   */
  static final class SharedTable {
    private static final int STRIPE_BITS = 6;
    private final Stripe[] stripes = new Stripe[1 << STRIPE_BITS];

    SharedTable() {
      for (int i = 0; i < stripes.length; i++) stripes[i] = new Stripe();
    }

    String canonical(String s) {
      int mixed = s.hashCode() * 0x9E3779B9; // Fibonacci hashing: short identifiers' hash codes cluster
      Stripe stripe = stripes[mixed >>> (32 - STRIPE_BITS)];
      String[] slots = stripe.slots;
      int mask = slots.length - 1;
      for (int i = slot(mixed) & mask; ; i = (i + 1) & mask) {
        String known = slots[i];
        if (known == null) break;
        if (known.equals(s)) return known;
      }
      return stripe.insert(s, mixed);
    }

    /** A slot index from the mixed hash: its low bits folded with its high ones (the stripe took the top bits). */
    private static int slot(int mixed) {
      return mixed ^ (mixed >>> 15);
    }

    /** How many strings the table holds (for tests). */
    int size() {
      int n = 0;
      for (Stripe s : stripes) {
        synchronized (s) {
          n += s.count;
        }
      }
      return n;
    }

    private static final class Stripe {
      /** Open addressing, linear probing, at most half full; replaced whole when it grows. */
      volatile String[] slots = new String[256];
      int count;

      synchronized String insert(String s, int mixed) {
        String[] current = slots;
        int mask = current.length - 1;
        int i = slot(mixed) & mask;
        for (String known = current[i]; known != null; known = current[i]) {
          if (known.equals(s)) return known; // another thread put it there since the lock-free probe
          i = (i + 1) & mask;
        }
        if (2 * (count + 1) > current.length) {
          current = grown(current);
          mask = current.length - 1;
          i = slot(mixed) & mask;
          while (current[i] != null) i = (i + 1) & mask;
          current[i] = s;
          slots = current; // published after it holds s: a reader of the new array finds it
        } else {
          current[i] = s;
        }
        count++;
        return s;
      }

      private static String[] grown(String[] old) {
        String[] bigger = new String[old.length * 2];
        int mask = bigger.length - 1;
        for (String s : old) {
          if (s == null) continue;
          int i = slot(s.hashCode() * 0x9E3779B9) & mask;
          while (bigger[i] != null) i = (i + 1) & mask;
          bigger[i] = s;
        }
        return bigger;
      }
    }
  }
}
