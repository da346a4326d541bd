package faultline.frontend;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes of a C file to characters: UTF-8 when valid, else ISO-8859-1 (every byte one char, lines kept). */
final class TextDecoding {

  private TextDecoding() {}

  static char[] decode(byte[] bytes) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      return out;
    } catch (CharacterCodingException e) {
      char[] out = new char[bytes.length];
      for (int i = 0; i < bytes.length; i++) out[i] = (char) (bytes[i] & 0xff);
      return out;
    }
  }

  /** A NUL byte in the first 64 KiB marks a binary file. */
  static boolean looksBinary(byte[] bytes) {
    int limit = Math.min(bytes.length, 1 << 16);
    for (int i = 0; i < limit; i++) if (bytes[i] == 0) return true;
    return false;
  }
}
