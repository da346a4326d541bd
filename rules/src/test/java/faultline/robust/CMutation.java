package faultline.robust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One way of damaging a C file, as found in trees nobody cleaned: bit rot, truncated downloads, half-merged
 * conflicts, generated code, fuzzers' output. Positions are fractions of the input's length, so one mutation
 * applies to any seed and shrinks towards the start of the file.
 */
sealed interface CMutation {

  byte[] apply(byte[] in);

  /** XORs one byte with a mask: bit flips, a stray high byte in the middle of a token. */
  record FlipBits(double at, int mask) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      if (in.length == 0) return in;
      byte[] out = in.clone();
      int i = index(at, in.length - 1);
      out[i] = (byte) (out[i] ^ (mask & 0xff));
      return out;
    }
  }

  /** Keeps only the first part of the file: a cut-off download or a disk that filled up. */
  record Truncate(double at) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      return Arrays.copyOf(in, index(at, in.length));
    }
  }

  /** Removes the n-th occurrence (as a fraction of all occurrences) of one of { } ( ). */
  record DeleteDelimiter(char delimiter, double which) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      int pos = nth(in, delimiter, which);
      if (pos < 0) return in;
      byte[] out = new byte[in.length - 1];
      System.arraycopy(in, 0, out, 0, pos);
      System.arraycopy(in, pos + 1, out, pos, in.length - pos - 1);
      return out;
    }
  }

  /** Repeats one occurrence of { } ( ) {@code times} times in place. */
  record DuplicateDelimiter(char delimiter, double which, int times) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      int pos = nth(in, delimiter, which);
      if (pos < 0) return in;
      return insert(in, pos, String.valueOf(delimiter).repeat(times));
    }
  }

  enum Nesting { PARENS, BRACES, IFS, BRACKETS, UNCLOSED_BRACES }

  /** Inserts {@code depth} levels of nesting: {@code ((((x))))}, {@code {{{;}}}}, {@code if (x) if (x) ... ;}. */
  record DeepNesting(Nesting kind, int depth, double at) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      String text = switch (kind) {
        case PARENS -> "(".repeat(depth) + "x" + ")".repeat(depth);
        case BRACES -> "{".repeat(depth) + ";" + "}".repeat(depth);
        case IFS -> "if (x) ".repeat(depth) + "spin_lock(&l);";
        case BRACKETS -> "a" + "[".repeat(depth) + "0" + "]".repeat(depth);
        case UNCLOSED_BRACES -> "{ mutex_lock(&m); ".repeat(depth);
      };
      return insert(in, index(at, in.length), text);
    }
  }

  enum LineKind { EXPRESSION, IDENTIFIER, COMMENT, STRING, CALLS }

  /** Inserts one line of about {@code length} characters (generated tables, minified code). */
  record LongLine(LineKind kind, int length, double at) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      StringBuilder line = new StringBuilder(length + 16);
      switch (kind) {
        case EXPRESSION -> {
          line.append("int long_line = 1");
          while (line.length() < length) line.append(" + 1");
          line.append(';');
        }
        case IDENTIFIER -> line.append("int ").append("v".repeat(length)).append(';');
        case COMMENT -> line.append("/* ").append("x".repeat(length)).append(" */");
        case STRING -> line.append("const char *s = \"").append("y".repeat(length)).append("\";");
        case CALLS -> {
          line.append("void long_calls(void) {");
          while (line.length() < length) line.append(" spin_lock(&l); f(); spin_unlock(&l);");
          line.append(" }");
        }
      }
      return insert(in, lineStart(in, index(at, in.length)), "\n" + line + "\n");
    }
  }

  /** Recursive and self-referential macros, including ones that redefine the lock API. */
  record MacroRecursion(int variant, double at) implements CMutation {
    static final String[] VARIANTS = {
        "#define A B\n#define B A\nint macro_loop = A + B;\n",
        "#define F(x) F(x) + G(x)\n#define G(x) F(x)\nint macro_fn = F(1) + G(2);\n",
        "#define spin_lock(l) spin_lock(l)\n#define mutex_lock(m) mutex_unlock(m)\n",
        "#define H(x) H(H(x))\nint nested = H(H(H(H(1))));\n",
        "#define CAT(a, b) a ## b\n#define XCAT(a, b) CAT(a, b)\nint XCAT(XCAT(p, q), XCAT(r, s)) = CAT(, );\n",
        "#define E0 e + e\n#define E1 E0 + E0\n#define E2 E1 + E1\n#define E3 E2 + E2\n#define E4 E3 + E3\n"
            + "#define E5 E4 + E4\n#define E6 E5 + E5\n#define E7 E6 + E6\nint e, expanded = E7;\n",
        "#define U(\n#define V(x, x) x\n#define W(...) __VA_ARGS__ __VA_OPT__(,) W\nint w = W(1, 2);\n",
        "#if\n#elif\n#else\n#else\n#endif\n#endif\n#include <<>>\n#include\n#error\n",
    };

    @Override public byte[] apply(byte[] in) {
      return insert(in, lineStart(in, index(at, in.length)), "\n" + VARIANTS[Math.floorMod(variant, VARIANTS.length)]);
    }
  }

  /** Wraps a stretch of lines in git conflict markers, with a copy of it as "theirs". */
  record ConflictMarkers(double from, double length) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      int start = lineStart(in, index(from, in.length));
      int end = lineStart(in, Math.min(in.length, start + index(length, in.length - start)));
      String ours = new String(in, start, end - start, StandardCharsets.ISO_8859_1);
      String conflict = "<<<<<<< HEAD\n" + ours + "=======\n" + ours.replace("unlock", "lock") + ">>>>>>> feature\n";
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + conflict.length());
      out.write(in, 0, start);
      out.writeBytes(conflict.getBytes(StandardCharsets.ISO_8859_1));
      out.write(in, end, in.length - end);
      return out.toByteArray();
    }
  }

  /** A NUL byte: the front-end takes the file for binary. */
  record NulByte(double at) implements CMutation {
    @Override public byte[] apply(byte[] in) {
      byte[] out = insert(in, index(at, in.length), "x");
      out[index(at, in.length)] = 0;
      return out;
    }
  }

  /** Bytes that are not UTF-8: truncated sequences, overlong forms, encoded surrogates, 0xFF. */
  record InvalidUtf8(int variant, double at) implements CMutation {
    static final byte[][] VARIANTS = {
        {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
    };

    @Override public byte[] apply(byte[] in) {
      byte[] bytes = VARIANTS[Math.floorMod(variant, VARIANTS.length)];
      int pos = index(at, in.length);
      byte[] out = new byte[in.length + bytes.length];
      System.arraycopy(in, 0, out, 0, pos);
      System.arraycopy(bytes, 0, out, pos, bytes.length);
      System.arraycopy(in, pos, out, pos + bytes.length, in.length - pos);
      return out;
    }
  }

  /** Line endings of other platforms and continuation lines in odd places. */
  record LineEndings(int variant, double at) implements CMutation {
    static final String[] VARIANTS = {"\r", "\r\n", "\\\n", "\\\r\n", "\\", "\f\u000b"};

    @Override public byte[] apply(byte[] in) {
      return insert(in, index(at, in.length), VARIANTS[Math.floorMod(variant, VARIANTS.length)]);
    }
  }

  static int index(double fraction, int length) {
    return Math.max(0, Math.min(length, (int) (fraction * length)));
  }

  static int lineStart(byte[] in, int pos) {
    int p = Math.min(pos, in.length);
    while (p > 0 && in[p - 1] != '\n') p--;
    return p;
  }

  static int nth(byte[] in, char c, double which) {
    int count = 0;
    for (byte b : in) if (b == c) count++;
    if (count == 0) return -1;
    int target = Math.min(count - 1, (int) (which * count));
    for (int i = 0, seen = 0; i < in.length; i++) {
      if (in[i] == c && seen++ == target) return i;
    }
    return -1;
  }

  static byte[] insert(byte[] in, int pos, String text) {
    byte[] add = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[in.length + add.length];
    System.arraycopy(in, 0, out, 0, pos);
    System.arraycopy(add, 0, out, pos, add.length);
    System.arraycopy(in, pos, out, pos + add.length, in.length - pos);
    return out;
  }
}
