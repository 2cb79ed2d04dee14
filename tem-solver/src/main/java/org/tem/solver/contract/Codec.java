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
 *
 * <p>Every decoder here allocates in proportion to the bytes it was given, and checks sizes with
 * exact arithmetic before allocating: a header that claims more than its payload holds is refused
 * before any array is made.
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
        } catch (RLPException | IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException
                | NegativeArraySizeException | java.nio.BufferUnderflowException e) {
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
     * Reads a matrix. The shape must match the payload exactly: {@code 0 x 0} with no bytes, or
     * {@code rows, cols >= 1} with {@code 8·rows·cols} bytes (computed exactly). So a matrix has at
     * most one row per 8 bytes received: a header claiming {@code Integer.MAX_VALUE} rows of no
     * columns is refused before anything is allocated.
     *
     * @param r a reader
     * @return a matrix written by {@link #writeMatrix}
     * @throws ContractException on a shape that does not match the payload
     */
    static double[][] readMatrix(RLPReader r) {
        int n = r.readInt();
        int cols = r.readInt();
        byte[] bytes = r.readByteArray();
        checkShape(n, cols, bytes.length);
        return bytesToRows(bytes, n, cols);
    }

    /**
     * @param rows claimed rows
     * @param cols claimed columns
     * @param length the payload's length in bytes
     * @throws ContractException unless the shape is {@code 0 x 0} with no bytes or positive with
     *     exactly {@code 8·rows·cols} bytes
     */
    static void checkShape(int rows, int cols, int length) {
        boolean empty = rows == 0 && cols == 0 && length == 0;
        // rows·cols < 2^62 cannot overflow a long; the payload holds length/8 doubles
        boolean full = rows >= 1 && cols >= 1 && length % 8 == 0 && (long) rows * cols == length / 8;
        if (!empty && !full) {
            throw new ContractException("malformed arguments: a " + rows + "x" + cols + " matrix cannot have "
                    + length + " bytes");
        }
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
     * @throws ContractException when the length does not match the shape
     */
    static double[][] bytesToRows(byte[] bytes, int rows, int cols) {
        checkShape(rows, cols, bytes.length);
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
