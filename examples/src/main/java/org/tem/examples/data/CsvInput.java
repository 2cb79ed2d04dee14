package org.tem.examples.data;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the lines of one data file as hostile input: at most {@code maxBytes} bytes (after gzip
 * decompression, so a small compressed file cannot expand without bound), lines of at most
 * {@link #MAX_LINE} characters, printable ASCII only. {@code \n} ends a line, an optional {@code \r}
 * before it is dropped, and the last line may lack its {@code \n}. Errors name the file and the line.
 * Not thread-safe.
 */
final class CsvInput implements Closeable {
    /** The longest accepted line, in characters (without the line end). */
    static final int MAX_LINE = 256;

    private final String name;
    private final InputStream in;
    private final long maxBytes;
    private final byte[] buffer = new byte[1 << 16];
    private final byte[] line = new byte[MAX_LINE + 1]; // + a trailing \r
    private int position;
    private int limit;
    private long bytes;
    private int lineNumber;
    private boolean eof;

    private CsvInput(String name, InputStream in, long maxBytes) {
        this.name = name;
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * @param name the file name used in messages
     * @param raw the file's bytes (closed with this reader)
     * @param gzip true when the bytes are gzip-compressed
     * @param maxBytes the most (decompressed) bytes accepted
     * @return a reader positioned before the first line
     * @throws DataException if the gzip header is invalid
     * @throws IOException if the stream cannot be read
     */
    static CsvInput of(String name, InputStream raw, boolean gzip, long maxBytes) throws IOException {
        InputStream in = raw;
        if (gzip) {
            try {
                in = new GZIPInputStream(raw, 1 << 16);
            } catch (ZipException | EOFException e) {
                raw.close();
                throw new DataException(name + ": not a valid gzip file (" + e.getMessage() + ")", e);
            }
        }
        return new CsvInput(name, in, maxBytes);
    }

    /** @return the file name used in messages */
    String name() {
        return name;
    }

    /** @return the number of the line last returned by {@link #next()}, 1-based (0 before the first) */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * @return the next line without its line end, or {@code null} at the end of the file
     * @throws DataException if the file is too large, a line too long, or a byte is not printable ASCII
     * @throws IOException if the stream cannot be read
     */
    String next() throws IOException {
        if (eof) {
            return null;
        }
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                eof = true;
                return any ? finish(length) : null;
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                return finish(length);
            }
            if ((b < 0x20 || b > 0x7e) && b != '\r') {
                lineNumber++;
                throw error("byte 0x" + String.format("%02x", b & 0xff) + " at column " + (length + 1)
                        + " is not printable ASCII");
            }
            if (length == line.length) {
                lineNumber++;
                throw error("line longer than " + MAX_LINE + " characters");
            }
            line[length++] = b;
        }
    }

    /** Ends a line: drops one trailing {@code \r}, then rejects an overlong line or a stray {@code \r}. */
    private String finish(int end) throws DataException {
        lineNumber++;
        int length = end > 0 && line[end - 1] == '\r' ? end - 1 : end;
        if (length > MAX_LINE) {
            throw error("line longer than " + MAX_LINE + " characters");
        }
        for (int i = 0; i < length; i++) {
            if (line[i] == '\r') {
                throw error("a carriage return inside a line");
            }
        }
        return new String(line, 0, length, StandardCharsets.US_ASCII);
    }

    private boolean fill() throws IOException {
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (ZipException | EOFException e) {
            throw new DataException(name + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
        if (n <= 0) {
            return false;
        }
        bytes += n;
        if (bytes > maxBytes) {
            throw new DataException(name + ": larger than " + maxBytes + " bytes"
                    + " (uncompressed); this limit protects against oversized or hostile files");
        }
        position = 0;
        limit = n;
        return true;
    }

    /**
     * @param message what is wrong with the current line
     * @return an exception whose message starts with {@code file:line: }
     */
    DataException error(String message) {
        return new DataException(name + ":" + lineNumber + ": " + message);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
