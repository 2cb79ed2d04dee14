package org.tem.examples.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader (or a run stopped half-way) only ever sees the old file or the
 * complete new one: the bytes go to a hidden temporary file beside the target, which is then moved
 * over it.
 */
final class AtomicFiles {
    /** Prefix and suffix of the temporary files (an interrupted write can leave one; a new run removes them). */
    static final String TEMP_PREFIX = ".tem-";
    static final String TEMP_SUFFIX = ".tmp";

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicFiles() {
    }

    /** Writes bytes to a stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * @param file the target (its directory must exist)
     * @param content writes the new content
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    static void write(Path file, Content content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // not Files.createTempFile: its files are readable by the owner only, and these are for everyone
        Path tmp = dir.resolve(TEMP_PREFIX + file.getFileName() + "-" + Long.toHexString(RANDOM.nextLong()) + TEMP_SUFFIX);
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * @param file the target
     * @param bytes the new content
     * @throws IOException if writing or moving fails; the target is then unchanged
     */
    static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }
}
