package org.tem.solver.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.api.contract.ContractException;

/**
 * The RLP encodings of the coordination contract's arguments and answers. Doubles travel as their
 * 8-byte IEEE-754 bit patterns (big-endian), so what the contract computes from them is exactly
 * what the meters computed; a vector of doubles is one byte string of {@code 8·length} bytes.
 * Malformed input becomes a {@link ContractException} with a reason, never another exception.
 */
public final class Codec {
    private Codec() {
    }

    /**
     * @param body writes the list's items
     * @return the RLP list
     */
    public static byte[] list(Consumer<RLPWriter> body) {
        return RLP.encodeList(body::accept).toArrayUnsafe();
    }

    /**
     * Decodes an RLP list completely.
     *
     * @param bytes the encoding
     * @param body reads the items
     * @param <T> the result type
     * @return what {@code body} returned
     * @throws ContractException when the bytes are not that list (trailing items included)
     */
    public static <T> T read(byte[] bytes, Function<RLPReader, T> body) {
        try {
            return RLP.decodeList(Bytes.wrap(bytes), r -> {
                T value = body.apply(r);
                if (!r.isComplete()) {
                    throw new ContractException("malformed arguments: unexpected trailing items");
                }
                return value;
            });
        } catch (RLPException | IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new ContractException("malformed arguments: " + e.getMessage());
        }
    }

    /**
     * @param w a writer
     * @param value a double, written as its 8-byte bit pattern
     */
    static void writeDouble(RLPWriter w, double value) {
        w.writeByteArray(ByteBuffer.allocate(8).putDouble(value).array());
    }

    /**
     * @param r a reader
     * @return a double written by {@link #writeDouble}
     */
    static double readDouble(RLPReader r) {
        byte[] b = r.readByteArray();
        if (b.length != 8) {
            throw new ContractException("malformed arguments: a double needs 8 bytes, had " + b.length);
        }
        return ByteBuffer.wrap(b).getDouble();
    }

    /**
     * @param w a writer
     * @param rows a matrix written row after row as one byte string, shape first
     */
    static void writeMatrix(RLPWriter w, double[][] rows) {
        w.writeInt(rows.length);
        w.writeInt(rows.length == 0 ? 0 : rows[0].length);
        w.writeByteArray(rowsToBytes(rows));
    }

    /**
     * @param r a reader
     * @return a matrix written by {@link #writeMatrix}
     */
    static double[][] readMatrix(RLPReader r) {
        int n = r.readInt();
        int cols = r.readInt();
        byte[] bytes = r.readByteArray();
        if (n < 0 || cols < 0 || (long) n * cols * 8 != bytes.length) {
            throw new ContractException("malformed arguments: a " + n + "x" + cols + " matrix cannot have "
                    + bytes.length + " bytes");
        }
        return bytesToRows(bytes, n, cols);
    }

    /**
     * @param rows equal-length rows
     * @return their doubles, row after row, 8 big-endian bytes each
     */
    static byte[] rowsToBytes(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer b = ByteBuffer.allocate(8 * rows.length * cols);
        for (double[] row : rows) {
            for (double v : row) {
                b.putDouble(v);
            }
        }
        return b.array();
    }

    /**
     * @param bytes {@code 8·rows·cols} bytes written by {@link #rowsToBytes}
     * @param rows number of rows
     * @param cols number of columns
     * @return the rows
     */
    static double[][] bytesToRows(byte[] bytes, int rows, int cols) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int t = 0; t < cols; t++) {
                row[t] = b.getDouble();
            }
        }
        return out;
    }

    /**
     * RLP scalars are unsigned; a signed long travels as its 8 big-endian two's-complement bytes.
     *
     * @param w a writer
     * @param value any long
     */
    static void writeSignedLong(RLPWriter w, long value) {
        w.writeByteArray(ByteBuffer.allocate(8).putLong(value).array());
    }

    /**
     * @param r a reader
     * @return a long written by {@link #writeSignedLong}
     */
    static long readSignedLong(RLPReader r) {
        byte[] b = r.readByteArray();
        if (b.length != 8) {
            throw new ContractException("malformed arguments: a signed long needs 8 bytes, had " + b.length);
        }
        return ByteBuffer.wrap(b).getLong();
    }

    static void writeString(RLPWriter w, String s) {
        w.writeByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(RLPReader r) {
        return new String(r.readByteArray(), StandardCharsets.UTF_8);
    }

    static List<String> readStrings(RLPReader r) {
        return r.readList(l -> {
            List<String> out = new ArrayList<>();
            while (!l.isComplete()) {
                out.add(readString(l));
            }
            return out;
        });
    }

    static byte[] ascii(String key) {
        return key.getBytes(StandardCharsets.US_ASCII);
    }
}
