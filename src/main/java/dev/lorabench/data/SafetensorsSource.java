package dev.lorabench.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Where a safetensors file's bytes come from: an open file or an array in memory. */
interface SafetensorsSource {

    long size();

    /** Fills {@code into} from {@code position}; a short read is a DataException naming the file. */
    void read(long position, ByteBuffer into, String shown) throws DataException;

    void close();

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was read; the original problem is what matters
        }
    }

    /** A file held in memory. */
    final class Bytes implements SafetensorsSource {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long position, ByteBuffer into, String shown) throws DataException {
            if (position + into.remaining() > bytes.length) {
                throw new DataException(shown + ": unexpected end of data");
            }
            into.put(bytes, (int) position, into.remaining());
        }

        @Override
        public void close() {}
    }

    /** An open file; its size is taken once, when it is opened. */
    record Channel(FileChannel channel, long size) implements SafetensorsSource {

        @Override
        public void read(long position, ByteBuffer into, String shown) throws DataException {
            try {
                long p = position;
                while (into.hasRemaining()) {
                    int n = channel.read(into, p);
                    if (n < 0) {
                        throw new DataException(shown + ": unexpected end of file (it changed while being read?)");
                    }
                    p += n;
                }
            } catch (IOException e) {
                throw new DataException(shown + ": cannot read (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public void close() {
            closeQuietly(channel);
        }
    }
}
