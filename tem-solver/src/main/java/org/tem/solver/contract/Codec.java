package org.tem.solver.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.tem.api.contract.ContractException;
import org.tem.solver.admm.TradeQuantum;

/**
 * The RLP encodings of the coordination contract's arguments and answers. Doubles travel as their
 * 8-byte IEEE-754 bit patterns (big-endian), so what the contract computes from them is exactly
 * what the meters computed; a vector of doubles is one byte string of {@code 8·length} bytes.
 * The one exception is a submission's trades, which travel as <em>quantities</em>
 * ({@code writeQuantities}, below): whole numbers of 10⁻⁹ kWh, each row's first and then its steps
 * from slot to slot as zig-zag varints, about 3-5 bytes a value instead of 8. That is lossless for
 * the coordination, because the coordination step quantises every trade it takes in the same way
 * ({@link TradeQuantum}), in-process and on the ledger.
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

    /** The longest varint of a quantity: zig-zag of a step of ±2·10¹⁵ is below 2⁵², 8 groups of 7 bits. */
    static final int MAX_VARINT_BYTES = 8;

    /**
     * Writes a matrix of energies as quantities: shape first (as {@link #writeMatrix}), then one
     * byte string holding every entry, row after row, in whole numbers of
     * {@link TradeQuantum 10⁻⁹ kWh units} ({@link TradeQuantum#units(double)}): a row's first entry
     * as the zig-zag LEB128 varint of its units, each next entry as the varint of its step from the
     * entry before it (a day's profile moves by less from one slot to the next than its size, so
     * its steps take fewer bytes). A varint takes 1 byte below ±64 units, 4 bytes up to ±0.134 kWh,
     * 5 bytes up to ±17 kWh, at most 8.
     *
     * @param w a writer
     * @param rows equal-length rows of energies, kWh (a {@code 0 x 0} matrix has no rows)
     * @throws IllegalArgumentException if a row is ragged, or an entry is not finite or beyond
     *     {@code ±TradeQuantum.MAX_KWH}
     */
    static void writeQuantities(RLPWriter w, double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        w.writeInt(rows.length);
        w.writeInt(cols);
        w.writeByteArray(rowsToQuantities(rows));
    }

    /**
     * @param rows equal-length rows of energies, kWh
     * @return the varints of {@link #writeQuantities}, without the shape
     * @throws IllegalArgumentException if a row is ragged or an entry cannot be quantised
     */
    static byte[] rowsToQuantities(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(rows.length, cols), MAX_VARINT_BYTES)];
        int n = 0;
        for (double[] row : rows) {
            if (row.length != cols) {
                throw new IllegalArgumentException("ragged rows: " + row.length + " values, expected " + cols);
            }
            long previous = 0;
            for (double v : row) {
                long units = TradeQuantum.units(v);
                // |units|, |previous| ≤ 10^15: the step and its zig-zag fit a long
                long step = units - previous;
                previous = units;
                long z = (step << 1) ^ (step >> 63);
                while ((z & ~0x7FL) != 0) {
                    out[n++] = (byte) ((z & 0x7F) | 0x80);
                    z >>>= 7;
                }
                out[n++] = (byte) z;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Reads a matrix written by {@link #writeQuantities}. Every entry comes back as
     * {@link TradeQuantum#kwh(long)} of its units, so it is already quantised. The shape must be
     * {@code 0 x 0} with no bytes, or {@code rows, cols >= 1} with at least one byte per entry;
     * the payload must hold exactly {@code rows·cols} canonical varints (no byte beyond the last,
     * no redundant trailing zero group, at most {@link #MAX_VARINT_BYTES} bytes each), and every
     * entry they add up to must have a magnitude of at most {@code TradeQuantum.MAX_UNITS}. So the
     * doubles allocated are at most one per byte received.
     *
     * @param r a reader
     * @return the matrix, kWh
     * @throws ContractException on any of the above
     */
    static double[][] readQuantities(RLPReader r) {
        int n = r.readInt();
        int cols = r.readInt();
        return quantitiesToRows(r.readByteArray(), n, cols);
    }

    /**
     * @param bytes the varints of {@link #rowsToQuantities}
     * @param rows number of rows
     * @param cols number of columns
     * @return the rows, kWh
     * @throws ContractException when the bytes are not exactly {@code rows·cols} canonical varints
     *     in range, as {@link #readQuantities}
     */
    static double[][] quantitiesToRows(byte[] bytes, int rows, int cols) {
        boolean empty = rows == 0 && cols == 0 && bytes.length == 0;
        // rows·cols < 2^62 cannot overflow a long; every entry takes at least one byte
        boolean fits = rows >= 1 && cols >= 1 && (long) rows * cols <= bytes.length
                && (long) rows * cols * MAX_VARINT_BYTES >= bytes.length;
        if (!empty && !fits) {
            throw new ContractException("malformed arguments: a " + rows + "x" + cols + " matrix of quantities"
                    + " cannot have " + bytes.length + " bytes");
        }
        double[][] out = new double[rows][cols];
        int at = 0;
        for (double[] row : out) {
            long previous = 0;
            for (int t = 0; t < cols; t++) {
                long z = 0;
                int shift = 0;
                while (true) {
                    if (at == bytes.length) {
                        throw new ContractException("malformed arguments: quantities end inside a value");
                    }
                    int b = bytes[at++] & 0xFF;
                    if (shift > 0 && b == 0) {
                        throw new ContractException("malformed arguments: a quantity not in its shortest form");
                    }
                    z |= (long) (b & 0x7F) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                    if (shift == 7 * MAX_VARINT_BYTES) {
                        throw new ContractException("malformed arguments: a quantity longer than "
                                + MAX_VARINT_BYTES + " bytes");
                    }
                }
                // z < 2^56, so |step| < 2^55 and |previous| ≤ 10^15 < 2^50: the sum cannot overflow
                long units = previous + ((z >>> 1) ^ -(z & 1));
                previous = units;
                if (units > TradeQuantum.MAX_UNITS || units < -TradeQuantum.MAX_UNITS) {
                    throw new ContractException("malformed arguments: a quantity beyond ±" + TradeQuantum.MAX_UNITS
                            + " units");
                }
                row[t] = TradeQuantum.kwh(units);
            }
        }
        if (at != bytes.length) {
            throw new ContractException("malformed arguments: " + (bytes.length - at) + " bytes after the last"
                    + " quantity");
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
