package faultline.cache;

import java.util.Arrays;

/**
 * A growable byte array for encoding cache entries. {@code ByteArrayOutputStream} and {@code DataOutputStream}
 * synchronize every single-byte write, and the codec writes mostly single bytes (tags, varints): on a cold scan
 * that locking was most of the encoder's time. Not thread-safe: each encoding thread reuses its own.
 */
final class ByteSink {

  private byte[] buf;
  private int size;

  ByteSink(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  /** Empties the sink for reuse, keeping its array unless that grew past {@code maxKeptCapacity}. */
  void reset(int maxKeptCapacity) {
    size = 0;
    if (buf.length > maxKeptCapacity) buf = new byte[Math.max(16, maxKeptCapacity)];
  }

  /** The backing array; bytes {@code [0, size())} are the content. Valid until the next write. */
  byte[] array() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  void writeByte(int b) {
    if (size == buf.length) grow(1);
    buf[size++] = (byte) b;
  }

  void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  void write(byte[] bytes, int offset, int length) {
    if (buf.length - size < length) grow(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
  }

  /** Big-endian, as {@code DataOutputStream.writeInt}. */
  void writeInt(int v) {
    if (buf.length - size < 4) grow(4);
    buf[size] = (byte) (v >>> 24);
    buf[size + 1] = (byte) (v >>> 16);
    buf[size + 2] = (byte) (v >>> 8);
    buf[size + 3] = (byte) v;
    size += 4;
  }

  /** Overwrites 4 bytes already written at {@code at} (a length known only after what follows was written). */
  void setInt(int at, int v) {
    if (at < 0 || at + 4 > size) throw new IndexOutOfBoundsException(at);
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  /** Unsigned LEB128, as the codec has always written its numbers. */
  void writeVarint(int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    writeByte(v);
  }

  private void grow(int needed) {
    long wanted = Math.max((long) buf.length * 2, (long) size + needed);
    if (wanted > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("cache entry larger than 2 GiB");
    buf = Arrays.copyOf(buf, (int) wanted);
  }
}
