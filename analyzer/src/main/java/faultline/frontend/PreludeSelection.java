package faultline.frontend;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prelude's macros that can take part in preprocessing one file, for the fuzzy front-end (no headers). CDT
 * parses every predefined macro again for every file: the prelude's 624 definitions took 17.4 of the 77.7 CPU-s of
 * a kernel tree's parse (async-profiler, {@code MacroDefinitionParser} and the location map's registrations). A
 * macro that the file never names, and that the expansion of no macro it names can name, changes nothing in how the
 * file is preprocessed, so it is left out.
 *
 * <p>What the file names is every identifier of its text, comments and strings included (more is harmless), split
 * only where CDT's lexer would split too: a backslash-newline inside an identifier joins it. Token pasting can form a
 * name written nowhere, so a file whose text pastes ({@code ##}), or names a macro whose expansion can reach a
 * pasting macro, gets every macro; so does a text with a universal character name or a trigraph (identifiers CDT
 * would read differently). The names that CDT's own GCC macros expand to are always kept.
 */
final class PreludeSelection {

  private final Map<String, String> all;
  /** The prelude's macros in its order, numbered by their index here. */
  private final Map.Entry<String, String>[] entries;
  /** Per macro, itself and every macro its expansion can name, directly or through others. */
  private final int[][] closure;
  /** Per macro, whether a macro in its closure pastes tokens. */
  private final boolean[] reachesPaste;
  /** Macros CDT's GCC configuration names in its own macros' expansions. */
  private final int[] always;
  /** Macro names by open addressing on String's hash function, each slot the macro's number + 1 (0: empty). */
  private final String[] slotNames;
  private final int[] slotMacro;

  PreludeSelection(Map<String, String> prelude, List<String> builtinExpansions) {
    this.all = prelude;
    int n = prelude.size();
    @SuppressWarnings("unchecked") Map.Entry<String, String>[] made = (Map.Entry<String, String>[]) new Map.Entry<?, ?>[n];
    entries = made;
    String[] names = new String[n];
    int k = 0;
    for (Map.Entry<String, String> e : prelude.entrySet()) {
      entries[k] = Map.entry(e.getKey(), e.getValue());
      int paren = e.getKey().indexOf('(');
      names[k] = paren < 0 ? e.getKey() : e.getKey().substring(0, paren);
      k++;
    }
    int size = Integer.highestOneBit(Math.max(4, 4 * n));
    slotNames = new String[size];
    slotMacro = new int[size];
    for (int m = 0; m < n; m++) {
      int i = names[m].hashCode() & (size - 1);
      while (slotNames[i] != null && !slotNames[i].equals(names[m])) i = (i + 1) & (size - 1);
      slotNames[i] = names[m];
      slotMacro[i] = m + 1;
    }
    // A pasting macro's own names do not matter: whoever reaches it gets every macro.
    int[][] named = new int[n][];
    for (int m = 0; m < n; m++) {
      int[] found = namedMacros(entries[m].getValue().toCharArray());
      named[m] = found == null ? new int[0] : found;
    }
    closure = new int[n][];
    reachesPaste = new boolean[n];
    for (int m = 0; m < n; m++) {
      BitSet seen = new BitSet(n);
      List<Integer> work = new ArrayList<>(List.of(m));
      seen.set(m);
      while (!work.isEmpty()) {
        int x = work.remove(work.size() - 1);
        if (entries[x].getValue().contains("##")) reachesPaste[m] = true;
        for (int y : named[x]) if (!seen.get(y)) {
          seen.set(y);
          work.add(y);
        }
      }
      closure[m] = seen.stream().toArray();
    }
    BitSet kept = new BitSet(n);
    for (String expansion : builtinExpansions) {
      int[] found = namedMacros(expansion.toCharArray());
      if (found != null) for (int t : found) for (int c : closure[t]) kept.set(c);
    }
    always = kept.stream().toArray();
  }

  /**
   * The macros to predefine for {@code text} (every macro unless {@code select}), then each of {@code alsoDefined}
   * as "1" unless the prelude defines it (the CONFIG_ symbols of the fuzzy mode). A map CDT's scanner info only
   * iterates: built as a list, since hashing some 140 macros per file took 1.0 CPU-s of a kernel tree.
   */
  Map<String, String> select(char[] text, java.util.Collection<String> alsoDefined, boolean select) {
    BitSet chosen = select ? chosen(text) : null;
    List<Map.Entry<String, String>> out = new ArrayList<>((chosen == null ? entries.length : chosen.cardinality())
        + alsoDefined.size());
    for (int m = 0; m < entries.length; m++) if (chosen == null || chosen.get(m)) out.add(entries[m]);
    for (String symbol : alsoDefined) if (!all.containsKey(symbol)) out.add(Map.entry(symbol, "1"));
    return new ListMap(out);
  }

  /** {@link #select}'s macros as a new mutable map (tests). */
  Map<String, String> select(char[] text) {
    return new HashMap<>(select(text, List.of(), true));
  }

  /** The macros {@code text} can reach, or {@code null} for every macro. */
  private BitSet chosen(char[] text) {
    int[] named = namedMacros(text);
    if (named == null) return null;
    BitSet chosen = new BitSet(entries.length);
    for (int m : always) chosen.set(m);
    for (int m : named) {
      if (reachesPaste[m]) return null;
      for (int x : closure[m]) chosen.set(x);
    }
    return chosen;
  }

  /** Entries in a list: what CDT's scanner set-up needs of a map (it iterates the entries once). */
  private static final class ListMap extends java.util.AbstractMap<String, String> {
    private final List<Map.Entry<String, String>> entries;

    ListMap(List<Map.Entry<String, String>> entries) {
      this.entries = entries;
    }

    @Override public java.util.Set<Map.Entry<String, String>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override public java.util.Iterator<Map.Entry<String, String>> iterator() {
          return java.util.Collections.unmodifiableList(entries).iterator();
        }

        @Override public int size() {
          return entries.size();
        }
      };
    }
  }

  /** How many macros {@link #select} can give (for tests). */
  int size() {
    return entries.length;
  }

  private int lookup(char[] text, int start, int end, int hash) {
    int mask = slotNames.length - 1;
    for (int i = hash & mask; slotNames[i] != null; i = (i + 1) & mask) {
      if (slotNames[i].hashCode() == hash && sameName(slotNames[i], text, start, end)) return slotMacro[i] - 1;
    }
    return -1;
  }

  /** Whether the identifier text[start, end), with backslash-newlines left out, is {@code name}. */
  private static boolean sameName(String name, char[] text, int start, int end) {
    int k = 0;
    for (int i = start; i < end; i++) {
      char c = text[i];
      if (c == '\\') {
        i = continuationEnd(text, i) - 1;
        continue;
      }
      if (k >= name.length() || name.charAt(k++) != c) return false;
    }
    return k == name.length();
  }

  /**
   * The numbers of the macros {@code text} names, in order, repeats included; {@code null} when the text pastes
   * tokens or has a construct CDT could read as part of an identifier that this walk does not follow (then every
   * macro is needed). It reads every character of every file: written out, without a visitor interface, which
   * took 5.7 CPU-s of a kernel tree.
   */
  int[] namedMacros(char[] text) {
    int[] found = new int[16];
    int count = 0;
    int n = text.length;
    int i = 0;
    while (i < n) {
      char c = text[i];
      if (isIdentifierStart(c)) {
        int start = i;
        i = identifierEnd(text, start);
        int m = lookup(text, start, i, hashOf(text, start, i));
        if (m < 0) continue;
        if (count == found.length) found = java.util.Arrays.copyOf(found, 2 * count);
        found[count++] = m;
        continue;
      }
      // Anything else separates identifiers. The letters of a number (0x1f, 10UL) are taken as identifiers too,
      // which CDT does not: more names than needed, never fewer.
      if (everythingFrom(text, i)) return null;
      i++;
    }
    return java.util.Arrays.copyOf(found, count);
  }

  /** The end of the identifier starting at {@code start}: its characters and the backslash-newlines among them. */
  private static int identifierEnd(char[] text, int start) {
    int i = start;
    while (i < text.length) {
      if (isIdentifierPart(text[i])) {
        i++;
      } else if (text[i] == '\\' && continuationEnd(text, i) > i) {
        i = continuationEnd(text, i);
      } else {
        break;
      }
    }
    return i;
  }

  /** String's hash of the identifier text[start, end) without its backslash-newlines. */
  private static int hashOf(char[] text, int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      if (text[i] == '\\') {
        i = continuationEnd(text, i) - 1;
      } else {
        hash = 31 * hash + text[i];
      }
    }
    return hash;
  }

  /** Whether at {@code i} the text pastes ({@code ##}), or has a universal character name or a trigraph. */
  private static boolean everythingFrom(char[] text, int i) {
    char c = text[i];
    int n = text.length;
    if (c == '#') return i + 1 < n && text[i + 1] == '#';
    if (c == '\\') return i + 1 < n && (text[i + 1] == 'u' || text[i + 1] == 'U');
    if (c == '?') return i + 2 < n && text[i + 1] == '?' && text[i + 2] == '/';
    return false;
  }

  /** Past the backslash-newline (or backslash-CR-LF) at {@code i}, or {@code i} when there is none. */
  private static int continuationEnd(char[] text, int i) {
    if (i + 1 < text.length && text[i + 1] == '\n') return i + 2;
    if (i + 2 < text.length && text[i + 1] == '\r' && text[i + 2] == '\n') return i + 3;
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9');
  }
}
